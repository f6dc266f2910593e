"""LINE webhook events → what the desk does with them (a table keyed by event class)."""

from collections.abc import Callable
from typing import Any

from linebot.v3.webhooks import (
    AudioMessageContent,
    FileMessageContent,
    FollowEvent,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UserSource,
    VideoMessageContent,
)

from bot.channels import choices
from bot.gateway.pipeline import ChannelAction, Handling
from bot.messages import MAX_INBOUND_TEXT, Channel, InboundMessage
from textkit import language


def to_action(event: Any) -> ChannelAction | None:
    """None for events the desk does not act on (groups, unfollow, beacons, unknown …)."""
    user_id = _user_id(event)
    handler = _EVENT_HANDLERS.get(type(event))
    if user_id is None or handler is None:
        return None
    return handler(event, user_id)


def _user_id(event: Any) -> str | None:
    # The desk talks to one citizen at a time: group and room events are not for it.
    source = getattr(event, "source", None)
    return source.user_id if isinstance(source, UserSource) and source.user_id else None


def _inbound(event: Any, user_id: str, text: str, lang: str | None) -> InboundMessage:
    return InboundMessage(
        channel=Channel.LINE,
        channel_user_id=user_id,
        event_id=event.webhook_event_id,
        text=text,
        language=lang,
        reply_context=event.reply_token,
    )


def _on_follow(event: FollowEvent, user_id: str) -> ChannelAction:
    """A new friend: welcome and the privacy notice."""
    inbound = _inbound(event, user_id, "[follow]", language.ZH)
    return ChannelAction(inbound, Handling.NOTICE, notices=("welcome", "privacy"))


def _on_postback(event: PostbackEvent, user_id: str) -> ChannelAction:
    """A button answer goes to the NLU as its payload."""
    payload, lang = choices.decode(event.postback.data)
    inbound = _inbound(event, user_id, payload, lang or language.detect_language(payload))
    return ChannelAction(inbound, Handling.NLU)


def _on_message(event: MessageEvent, user_id: str) -> ChannelAction:
    handler = _CONTENT_HANDLERS.get(type(event.message), _on_other_content)
    return handler(event, user_id)


def _on_text(event: MessageEvent, user_id: str) -> ChannelAction:
    text = event.message.text.strip()
    inbound = _inbound(event, user_id, text, language.detect_language(text))
    if len(text) > MAX_INBOUND_TEXT:
        return ChannelAction(inbound, Handling.NOTICE, notices=("too_long",))
    return ChannelAction(inbound, Handling.NLU)


def _on_image(event: MessageEvent, user_id: str) -> ChannelAction:
    inbound = _inbound(event, user_id, "[image]", language.ZH)
    return ChannelAction(inbound, Handling.EVIDENCE, content_id=event.message.id)


def _on_file(event: MessageEvent, user_id: str) -> ChannelAction:
    message = event.message
    inbound = _inbound(event, user_id, "[file]", language.ZH)
    return ChannelAction(
        inbound,
        Handling.EVIDENCE,
        content_id=message.id,
        kind="file",
        declared_size=message.file_size,
        file_name=message.file_name,
    )


def _notice_for(kind: str, notice: str) -> Callable[[MessageEvent, str], ChannelAction]:
    def handle(event: MessageEvent, user_id: str) -> ChannelAction:
        inbound = _inbound(event, user_id, f"[{kind}]", language.ZH)
        return ChannelAction(inbound, Handling.NOTICE, notices=(notice,))

    return handle


_on_other_content = _notice_for("message", "media_unsupported")

_CONTENT_HANDLERS: dict[type, Callable[[MessageEvent, str], ChannelAction]] = {
    TextMessageContent: _on_text,
    ImageMessageContent: _on_image,
    FileMessageContent: _on_file,
    StickerMessageContent: _notice_for("sticker", "sticker"),
    LocationMessageContent: _notice_for("location", "location"),
    AudioMessageContent: _notice_for("audio", "media_unsupported"),
    VideoMessageContent: _notice_for("video", "media_unsupported"),
}

_EVENT_HANDLERS: dict[type, Callable[[Any, str], ChannelAction]] = {
    MessageEvent: _on_message,
    PostbackEvent: _on_postback,
    FollowEvent: _on_follow,
}
