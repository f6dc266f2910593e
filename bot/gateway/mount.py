"""Mount the channels on the desk app and run the gateway's long-lived parts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.config import Settings
from bot.channels.line.webhook import router as line_router
from bot.channels.web.router import router as web_router
from bot.gateway.ackfirst import CountWebhooks, WebhookTraffic
from bot.gateway.delivery import ChannelSender
from bot.gateway.flow import MessageFlow
from bot.gateway.intake import StoreUnavailable, retry_later
from bot.gateway.ordering import RedisTurns, SerialQueues
from bot.gateway.rasa_client import RasaClient
from bot.gateway.runtime import Gateway
from bot.gateway.understanding import TrackerReader
from bot.gateway.workers import DeliveryWorker

if TYPE_CHECKING:  # a channel's setup is imported only when it is configured
    from bot.channels.line.setup import LineChannel
    from bot.channels.telegram.setup import TelegramChannel


def mount_channels(app: FastAPI, settings: Settings, traffic: WebhookTraffic) -> None:
    """The web chat always; a channel without credentials is not mounted (its webhook 404s).
    An event the database could not store is answered 503 on every channel route. The
    webhooks are counted in `traffic`, which holds the background turns back meanwhile."""
    app.add_exception_handler(StoreUnavailable, retry_later)
    app.add_middleware(CountWebhooks, traffic=traffic)
    app.include_router(web_router)
    if settings.line_channel_secret:
        app.include_router(line_router)
    if settings.telegram_bot_token:
        from bot.channels.telegram.webhook import router as telegram_router

        app.include_router(telegram_router)


@asynccontextmanager
async def run_gateway(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    traffic: WebhookTraffic | None = None,
) -> AsyncIterator[Gateway]:
    """Start Rasa's client, the configured channels and the delivery worker; on exit let
    the per-citizen queues finish, then stop the worker, the channels and the client.
    `traffic`: the webhooks in flight (mount_channels), acked before turns start."""
    rasa = RasaClient(
        settings.rasa_servers,
        timeout=settings.rasa_timeout_seconds,
        sender_key=settings.sender_key(),
    )
    # What Rasa understood of each turn is kept for the console (and "failed twice" in a row).
    understanding = TrackerReader.from_settings(settings)
    flow = MessageFlow(sessions, rasa, understanding=understanding)
    # Several desk workers share one order per citizen through Redis when it is configured.
    turns = RedisTurns.from_url(settings.redis_url) if settings.redis_url else None
    queues = SerialQueues(turns, acks_first=traffic.quiet if traffic else None)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(rasa.aclose)
        stack.push_async_callback(understanding.aclose)
        gateway = await _start_channels(settings, sessions, flow, queues, stack)
        gateway.delivery_worker.start()
        stack.push_async_callback(gateway.delivery_worker.stop)
        stack.push_async_callback(queues.close)
        yield gateway


async def _start_channels(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    flow: MessageFlow,
    queues: SerialQueues,
    stack: AsyncExitStack,
) -> Gateway:
    senders: dict[str, ChannelSender] = {}
    line: LineChannel | None = None
    telegram: TelegramChannel | None = None
    if settings.line_channel_secret:
        from bot.channels.line.setup import start_line

        line = start_line(settings, sessions, flow, queues)
        stack.push_async_callback(line.clients.close)
        senders["line"] = line.sender
    if settings.telegram_bot_token:
        from bot.channels.telegram.setup import start_telegram

        telegram = await start_telegram(settings, sessions, flow, queues, stack)
        senders["telegram"] = telegram.sender
    worker = DeliveryWorker(sessions, flow, senders, settings)
    return Gateway(sessions, flow, queues, worker, senders, line=line, telegram=telegram)
