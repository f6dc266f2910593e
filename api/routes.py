"""Every domain router, in one list the app mounts."""

from fastapi import APIRouter

from api.conversations.router import router as conversations_router

routers: list[APIRouter] = [
    conversations_router,
]
