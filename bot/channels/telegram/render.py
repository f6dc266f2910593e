"""Neutral outbound messages → Telegram message text and inline keyboards."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels import choices
from bot.gateway import replies
from bot.messages import Button, OutboundMessage

# Telegram's limits for what the desk sends.
MAX_OUTPUT_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def text(message: OutboundMessage) -> str:
    """The message's text; buttons alone still need a line above them."""
    return (message.text or replies.text("choose", message.language))[:MAX_OUTPUT_TEXT]


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
