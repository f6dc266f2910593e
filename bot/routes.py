"""Mount the channels on the desk app and run the gateway's long-lived parts."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from api.core.config import Settings
from bot.delivery import ChannelSender
from bot.line.webhook import router as line_router
from bot.ordering import SerialQueues
from bot.rasa_client import RasaClient
from bot.router import MessageRouter
from bot.web.router import router as web_router
from bot.workers import DeliveryWorker


def install_channels(app: FastAPI, settings: Settings) -> None:
    app.include_router(web_router)
    # A channel without credentials is not mounted: its webhook answers 404.
    if settings.line_channel_secret:
        app.include_router(line_router)
    if settings.telegram_bot_token:
        from bot.telegram.webhook import router as telegram_router

        app.include_router(telegram_router)

    @asynccontextmanager
    async def gateway_lifespan(app: FastAPI) -> AsyncIterator[None]:
        rasa = RasaClient(settings.rasa_url, timeout=settings.rasa_timeout_seconds)
        app.state.router = MessageRouter(app.state.sessionmaker, rasa)
        app.state.channel_queues = queues = SerialQueues()
        async with AsyncExitStack() as stack:
            stack.push_async_callback(rasa.aclose)
            senders = await _start_channels(app, settings, stack, queues)
            worker = DeliveryWorker(app.state.sessionmaker, app.state.router, senders, settings)
            app.state.delivery_worker = worker
            worker.start()
            stack.push_async_callback(worker.stop)
            stack.push_async_callback(queues.close)
            yield

    app.state.gateway_lifespan = gateway_lifespan


async def _start_channels(
    app: FastAPI, settings: Settings, stack: AsyncExitStack, queues: SerialQueues
) -> dict[str, ChannelSender]:
    senders: dict[str, ChannelSender] = {}
    router: MessageRouter = app.state.router
    if settings.line_channel_secret:
        from bot.line.setup import start_line

        clients = start_line(app, settings, router, queues)
        stack.push_async_callback(clients.close)
        senders["line"] = app.state.line_sender
    if settings.telegram_bot_token:
        from bot.telegram.setup import start_telegram

        senders["telegram"] = await start_telegram(app, settings, router, queues, stack)
    return senders
