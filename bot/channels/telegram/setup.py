"""Start and stop the Telegram channel: the SDK bot, its sender, and polling in development."""

import asyncio
import contextlib
import logging
from contextlib import AsyncExitStack
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, CallbackQuery
from telegram.error import TelegramError

from api.core.config import Settings
from api.help.privacy import PRIVACY_PATH
from bot.channels.telegram import adapter
from bot.channels.telegram.sender import TelegramSender
from bot.gateway.evidence import EvidenceStore
from bot.gateway.flow import MessageFlow
from bot.gateway.ordering import SerialQueues
from bot.gateway.pipeline import Pipeline

log = logging.getLogger(__name__)
POLL_TIMEOUT = 25


class TelegramChannel:
    """What the Telegram webhook, polling and the delivery worker need."""

    def __init__(
        self, bot: Bot, pipeline: Pipeline, sender: TelegramSender, webhook_secret: str
    ) -> None:
        self.bot = bot
        self.pipeline = pipeline
        self.sender = sender
        self.webhook_secret = webhook_secret
        self.bot_id = bot.token.split(":", 1)[0]
        self._acks: set[asyncio.Task[None]] = set()

    async def receive(self, data: Any) -> bool:
        """Store one update (webhook or polling); False when unusable or a redelivery."""
        action, callback = adapter.parse(data, self.bot_id)
        if callback is not None:
            self._acknowledge(callback)
        return action is not None and await self.pipeline.receive(action)

    def _acknowledge(self, callback: CallbackQuery) -> None:
        """Stop the button's spinner, without holding up the 200."""
        task = asyncio.create_task(self._answer_callback(callback.id))
        self._acks.add(task)
        task.add_done_callback(self._acks.discard)

    async def _answer_callback(self, callback_id: str) -> None:
        try:
            await self.bot.answer_callback_query(callback_id)
        except TelegramError as exc:
            log.info("callback query not answered: %s", type(exc).__name__)

    async def poll(self) -> None:
        """Development without a public URL: long-poll getUpdates into the same path."""
        offset = 0
        while True:
            try:
                updates = await self.bot.get_updates(offset=offset, timeout=POLL_TIMEOUT)
            except TelegramError as exc:
                log.warning("polling failed: %s", type(exc).__name__)
                await asyncio.sleep(5)
                continue
            for update in updates:
                offset = update.update_id + 1
                await self.receive(update.to_dict())


async def start_telegram(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    flow: MessageFlow,
    queues: SerialQueues,
    stack: AsyncExitStack,
) -> TelegramChannel:
    """The SDK bot (shut down by `stack`), its pipeline, and polling in development."""
    base = settings.telegram_api_base_url.rstrip("/")
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
    )
    await _initialize(bot)
    stack.push_async_callback(bot.shutdown)
    sender = TelegramSender(bot)

    async def fetch_content(file_id: str) -> bytes:
        return bytes(await (await bot.get_file(file_id)).download_as_bytearray())

    pipeline = Pipeline(
        flow=flow,
        sessions=sessions,
        sender=sender,
        fetch_content=fetch_content,
        evidence=EvidenceStore(settings.evidence_dir, settings.evidence_max_bytes),
        queues=queues,
        privacy_url=settings.public_base_url.rstrip("/") + PRIVACY_PATH,
    )
    secret = settings.telegram_webhook_secret.get_secret_value()
    channel = TelegramChannel(bot, pipeline, sender, secret)
    if settings.telegram_mode == "polling":
        task = asyncio.create_task(channel.poll())
        stack.push_async_callback(_cancel, task)
    return channel


async def _initialize(bot: Bot) -> None:
    """Check the token with getMe; the desk still starts when Telegram is unreachable."""
    try:
        await bot.initialize()
    except TelegramError as exc:
        log.warning("telegram bot not initialised: %s", type(exc).__name__)


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
