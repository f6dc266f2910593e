"""Mount the channels on the desk app and run the gateway's long-lived parts."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.core.config import Settings
from bot.rasa_client import RasaClient
from bot.router import MessageRouter
from bot.web.router import router as web_router


def install_channels(app: FastAPI, settings: Settings) -> None:
    app.include_router(web_router)

    @asynccontextmanager
    async def gateway_lifespan(app: FastAPI) -> AsyncIterator[None]:
        rasa = RasaClient(settings.rasa_url, timeout=settings.rasa_timeout_seconds)
        app.state.router = MessageRouter(app.state.sessionmaker, rasa)
        try:
            yield
        finally:
            await rasa.aclose()

    app.state.gateway_lifespan = gateway_lifespan
