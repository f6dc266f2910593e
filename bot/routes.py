from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.core.config import Settings


def install_channels(app: FastAPI, settings: Settings) -> None:
    @asynccontextmanager
    async def noop(app: FastAPI) -> AsyncIterator[None]:
        yield

    app.state.gateway_lifespan = noop
