"""Send to Telegram through python-telegram-bot: inline keyboards for buttons."""

import logging
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import choices
from bot.delivery import Delivery, DeliveryFailed, mask
from bot.messages import Button, OutboundMessage

log = logging.getLogger(__name__)
MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
CHOOSE = {"zh-TW": "請選擇：", "en": "Please choose:"}


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
        text = message.text or CHOOSE.get(message.language, CHOOSE["zh-TW"])
        try:
            await self._bot.send_message(
                chat_id=int(user_id), text=text[:MAX_TEXT], reply_markup=keyboard(message)
            )
        except (Forbidden, BadRequest) as exc:
            # Blocked by the citizen or a malformed message: retrying cannot help.
            raise DeliveryFailed(f"telegram refused: {exc.message}", permanent=True) from exc
        except TelegramError as exc:
            raise DeliveryFailed(f"telegram unreachable: {type(exc).__name__}") from exc


def keyboard(message: OutboundMessage) -> InlineKeyboardMarkup | None:
    """Buttons (and slot choices) as an inline keyboard, one button per row."""
    buttons = list(message.buttons) + _slot_buttons(message)
    if not buttons:
        return None
    rows = [[_inline(b, message.language)] for b in buttons]
    return InlineKeyboardMarkup(rows)


def _slot_buttons(message: OutboundMessage) -> list[Button]:
    custom = message.custom or {}
    if custom.get("type") != "slot_choices":
        return []
    return [Button(str(c.get("title", "")), str(c["payload"])) for c in custom.get("choices", [])]


def _inline(button: Button, language: str) -> InlineKeyboardButton:
    data = choices.encode(button.payload, language)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        # callback_data holds 64 bytes: send the title instead, the NLU reads it as text.
        data = (
            choices.encode(button.title, language)
            .encode()[:MAX_CALLBACK_BYTES]
            .decode(errors="ignore")
        )
    return InlineKeyboardButton(button.title, callback_data=data)
