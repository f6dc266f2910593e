"""Neutral outbound messages → LINE message objects (quick replies, Flex carousels)."""

from typing import Any

from linebot.v3.messaging import (
    FlexContainer,
    FlexMessage,
    ImageMessage,
    Message,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    TextMessage,
)

from bot.channels import choices
from bot.gateway import replies
from bot.messages import Button, OutboundMessage

# LINE's limits for what the desk sends.
MAX_OUTPUT_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_POSTBACK_DATA = 300
MAX_BUBBLES = 12
MAX_ALT_TEXT = 400


def to_line(messages: list[OutboundMessage]) -> list[Message]:
    rendered: list[Message] = []
    for message in messages:
        rendered.extend(_render_one(message))
    return rendered


def _render_one(message: OutboundMessage) -> list[Message]:
    parts: list[Message] = []
    carousel = _carousel(message)
    if message.text or (message.buttons and carousel is None):
        parts.append(_text(message, with_buttons=carousel is None))
    if message.image_url and message.image_url.startswith("https://"):
        url = message.image_url
        parts.append(ImageMessage(original_content_url=url, preview_image_url=url))
    if carousel is not None:
        parts.append(carousel)
    return parts


def _text(message: OutboundMessage, *, with_buttons: bool) -> TextMessage:
    text = message.text or replies.text("choose", message.language)
    quick = _quick_reply(message.buttons, message.language) if with_buttons else None
    return TextMessage(text=text[:MAX_OUTPUT_TEXT], quick_reply=quick)


def _postback(button: Button, language: str) -> PostbackAction:
    return PostbackAction(
        label=button.title[:MAX_LABEL],
        data=choices.encode(button.payload, language)[:MAX_POSTBACK_DATA],
        display_text=button.title[:MAX_OUTPUT_TEXT],
    )


def _quick_reply(buttons: tuple[Button, ...], language: str) -> QuickReply | None:
    if not buttons:
        return None
    items = [QuickReplyItem(action=_postback(b, language)) for b in buttons[:MAX_QUICK_REPLIES]]
    return QuickReply(items=items)


def _carousel(message: OutboundMessage) -> FlexMessage | None:
    """Slot choices (`custom = {"type": "slot_choices", "choices": [...]}`) as a Flex carousel."""
    custom = message.custom or {}
    options = custom.get("choices") if custom.get("type") == "slot_choices" else None
    if not options:
        return None
    bubbles = [_bubble(option, message.language) for option in options[:MAX_BUBBLES]]
    contents = FlexContainer.from_dict({"type": "carousel", "contents": bubbles})
    alt = message.text or replies.text("choose", message.language)
    return FlexMessage(alt_text=alt[:MAX_ALT_TEXT], contents=contents)


def _bubble(option: dict[str, Any], language: str) -> dict[str, Any]:
    title = str(option.get("title", ""))[: MAX_LABEL * 4] or "-"
    button = Button(title=str(option.get("button", title)), payload=str(option["payload"]))
    body: list[dict[str, Any]] = [{"type": "text", "text": title, "weight": "bold", "wrap": True}]
    if option.get("subtitle"):
        body.append({"type": "text", "text": str(option["subtitle"]), "size": "sm", "wrap": True})
    return {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "contents": body},
        "footer": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {"type": "button", "style": "primary", "action": _postback_dict(button, language)}
            ],
        },
    }


def _postback_dict(button: Button, language: str) -> dict[str, Any]:
    return {
        "type": "postback",
        "label": button.title[:MAX_LABEL],
        "data": choices.encode(button.payload, language)[:MAX_POSTBACK_DATA],
        "displayText": button.title,
    }
