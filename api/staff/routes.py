"""Routers from the staff-owned parts (access log, conversation assignment), mounted
together by api/routes.py."""

from fastapi import APIRouter

from api.audit.router import router as audit_router

staff_owned_routers: list[APIRouter] = [audit_router]
