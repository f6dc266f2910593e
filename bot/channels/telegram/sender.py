"""Send to Telegram through python-telegram-bot (what a message looks like: render.py)."""

import logging
from collections.abc import Sequence

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.channels.telegram import render
from bot.gateway.delivery import Delivery, DeliveryFailed, mask
from bot.messages import OutboundMessage

log = logging.getLogger(__name__)


class TelegramSender:
    """Implements `ChannelSender` for Telegram (every send is a bot API call: no reply token)."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def deliver(
        self,
        user_id: str,
        messages: Sequence[OutboundMessage],
        *,
        reply_context: str | None,
        retry_key: str,
    ) -> Delivery:
        for message in messages:
            await self._send(user_id, message)
        return Delivery.REPLY if reply_context else Delivery.PUSH

    async def show_typing(self, user_id: str) -> None:
        try:
            await self._bot.send_chat_action(chat_id=int(user_id), action=ChatAction.TYPING)
        except TelegramError as exc:
            log.info("typing for %s not shown: %s", mask(user_id), type(exc).__name__)

    async def _send(self, user_id: str, message: OutboundMessage) -> None:
        try:
            await self._bot.send_message(
                chat_id=int(user_id),
                text=render.text(message),
                reply_markup=render.keyboard(message),
            )
        except (Forbidden, BadRequest) as exc:
            # Blocked by the citizen or a malformed message: retrying cannot help.
            raise DeliveryFailed(f"telegram refused: {exc.message}", permanent=True) from exc
        except TelegramError as exc:
            raise DeliveryFailed(f"telegram unreachable: {type(exc).__name__}") from exc
