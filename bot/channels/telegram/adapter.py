"""Telegram updates → what the desk does with them (a table keyed by update kind)."""

from collections.abc import Callable
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType

from bot.channels import choices
from bot.gateway.pipeline import ChannelAction, Handling
from bot.messages import MAX_INBOUND_TEXT, Channel, InboundMessage
from textkit import language

START = "/start"


def parse(data: Any, bot_id: str) -> tuple[ChannelAction | None, CallbackQuery | None]:
    """(what to do, the button press to acknowledge); (None, None) for anything unusable."""
    try:
        update = Update.de_json(data, None)
    except (TypeError, KeyError, ValueError, AttributeError):
        return None, None
    if update.callback_query is not None:
        return _on_callback(update, bot_id), update.callback_query
    if update.message is not None and update.message.chat.type == ChatType.PRIVATE:
        return _on_message(update, update.message, bot_id), None
    # Edited messages, channel posts, inline queries …: nothing for the desk to do.
    return None, None


def _inbound(
    update: Update, chat_id: int, bot_id: str, text: str, lang: str | None
) -> InboundMessage:
    return InboundMessage(
        channel=Channel.TELEGRAM,
        channel_user_id=str(chat_id),
        # update_id is unique per bot only.
        event_id=f"{bot_id}:{update.update_id}",
        text=text,
        language=lang,
        reply_context=str(chat_id),
    )


def _on_callback(update: Update, bot_id: str) -> ChannelAction | None:
    """A button press goes to the NLU as its payload."""
    query = update.callback_query
    assert query is not None
    if not query.data:
        return None
    chat_id = query.message.chat.id if query.message else query.from_user.id
    payload, lang = choices.decode(query.data)
    inbound = _inbound(update, chat_id, bot_id, payload, lang or language.detect_language(payload))
    return ChannelAction(inbound, Handling.NLU)


def _on_message(update: Update, message: Message, bot_id: str) -> ChannelAction:
    for field, handler in _MESSAGE_HANDLERS:
        if getattr(message, field, None):
            return handler(update, message, bot_id)
    return _notice("message", "media_unsupported")(update, message, bot_id)


def _on_text(update: Update, message: Message, bot_id: str) -> ChannelAction:
    text = (message.text or "").strip()
    inbound = _inbound(update, message.chat.id, bot_id, text, language.detect_language(text))
    if text == START:
        return _on_start(update, message, bot_id)
    if len(text) > MAX_INBOUND_TEXT:
        return ChannelAction(inbound, Handling.NOTICE, notices=("too_long",))
    return ChannelAction(inbound, Handling.NLU)


def _on_start(update: Update, message: Message, bot_id: str) -> ChannelAction:
    """A new chat: welcome and the privacy notice, in the app's language (zh-TW unless en)."""
    code = (message.from_user.language_code or "") if message.from_user else ""
    lang = language.EN if code.startswith("en") else language.ZH
    inbound = _inbound(update, message.chat.id, bot_id, START, lang)
    return ChannelAction(inbound, Handling.NOTICE, notices=("welcome", "privacy"))


def _on_photo(update: Update, message: Message, bot_id: str) -> ChannelAction:
    largest = message.photo[-1]
    inbound = _inbound(update, message.chat.id, bot_id, "[image]", language.ZH)
    return ChannelAction(
        inbound,
        Handling.EVIDENCE,
        content_id=largest.file_id,
        declared_size=largest.file_size,
    )


def _on_document(update: Update, message: Message, bot_id: str) -> ChannelAction:
    document = message.document
    assert document is not None
    inbound = _inbound(update, message.chat.id, bot_id, "[file]", language.ZH)
    return ChannelAction(
        inbound,
        Handling.EVIDENCE,
        content_id=document.file_id,
        declared_size=document.file_size,
        file_name=document.file_name,
        kind="file",
    )


Handler = Callable[[Update, Message, str], ChannelAction]


def _notice(kind: str, notice: str) -> Handler:
    def handle(update: Update, message: Message, bot_id: str) -> ChannelAction:
        inbound = _inbound(update, message.chat.id, bot_id, f"[{kind}]", language.ZH)
        return ChannelAction(inbound, Handling.NOTICE, notices=(notice,))

    return handle


# Checked in order: the first field present on the message decides.
_MESSAGE_HANDLERS: list[tuple[str, Handler]] = [
    ("text", _on_text),
    ("photo", _on_photo),
    ("document", _on_document),
    ("sticker", _notice("sticker", "sticker")),
    ("location", _notice("location", "location")),
    ("voice", _notice("audio", "media_unsupported")),
    ("audio", _notice("audio", "media_unsupported")),
    ("video", _notice("video", "media_unsupported")),
]
