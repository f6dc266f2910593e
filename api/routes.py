"""Every domain router, in one list the app mounts."""

from fastapi import APIRouter

from api.cases.router import bot_router as cases_bot_router
from api.cases.router import staff_router as cases_staff_router
from api.conversations.router import router as conversations_router
from api.faq.router import bot_router as faq_bot_router
from api.faq.router import public_router as faq_public_router
from api.faq.router import staff_router as faq_staff_router
from api.mediation.router import bot_router as mediation_bot_router
from api.mediation.router import staff_router as mediation_staff_router
from api.privacy.router import router as privacy_router
from api.staff.router import auth_router, staff_router
from api.staff.routes import staff_owned_routers

routers: list[APIRouter] = [
    conversations_router,
    cases_bot_router,
    mediation_bot_router,
    faq_bot_router,
    auth_router,
    staff_router,
    cases_staff_router,
    mediation_staff_router,
    faq_public_router,
    faq_staff_router,
    privacy_router,
    *staff_owned_routers,
]
