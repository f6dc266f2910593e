"""Build the desk app: API routers, channel webhooks, web chat, background workers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.core.config import Settings, get_settings
from api.core.db import create_engine, create_sessionmaker
from api.core.errors import install_error_handlers
from api.core.openapi import install_openapi
from api.privacy.logs import install_log_masking
from api.privacy.tracker import TrackerStore, tracker_of, use_tracker_store
from api.routes import routers as api_routers
from bot.channels.web.limits import make_limiter, use_chat_limiter
from bot.gateway.ackfirst import WebhookTraffic
from bot.gateway.mount import mount_channels, run_gateway
from desk.console.router import router as console_router
from desk.health import router as health_router
from desk.help.router import router as help_router
from desk.limits import install_body_limits
from desk.warmup import warm_up


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.require_signing_key()
    install_log_masking()  # no personal data in any log record (PDPA)
    # The channel webhooks in flight: background turns start once they are acked.
    webhooks = WebhookTraffic()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
        )
        sessions = create_sessionmaker(engine)
        # Read by the API's request dependencies (api/core/deps.py).
        app.state.settings = settings
        app.state.engine = engine
        app.state.sessionmaker = sessions
        use_chat_limiter(app, make_limiter(settings.redis_url, settings.chat_rate))
        # Export and erasure on request read and prune Rasa's events (api/privacy).
        use_tracker_store(app, TrackerStore(settings.privacy.rasa_tracker_db_url))
        try:
            async with run_gateway(settings, sessions, webhooks) as gateway:
                app.state.gateway = gateway  # read through bot.gateway.runtime.gateway_of
                await warm_up(app)  # before uvicorn says the worker is started
                yield
        finally:
            tracker_of(app).dispose()
            await engine.dispose()

    app = FastAPI(
        title="Kaohsiung consumer-protection desk",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.webhook_traffic = webhooks
    install_error_handlers(app)
    install_body_limits(app, settings.body_limits)
    install_openapi(app)
    for router in api_routers:
        app.include_router(router)
    mount_channels(app, settings, webhooks)
    app.include_router(console_router)
    app.include_router(help_router)
    app.include_router(health_router)
    return app
