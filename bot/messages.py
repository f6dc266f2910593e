"""The one channel-neutral message model. Channel adapters translate to and from it;
the gateway, Rasa and the API never see LINE or Telegram shapes."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The longest text a citizen may send on any channel; longer ones get the polite
# "too long" notice instead of reaching the NLU. (Each platform's own output cap lives
# in that channel's render module.)
MAX_INBOUND_TEXT = 2000


class Channel(StrEnum):
    LINE = "line"
    TELEGRAM = "telegram"
    WEB = "web"


@dataclass(frozen=True)
class Button:
    title: str
    # What the bot receives when the citizen taps it, e.g. `/affirm` or `/inform{"slot_id":"3"}`.
    payload: str


@dataclass(frozen=True)
class Attachment:
    kind: str  # image, file, audio, video
    content_type: str
    size: int
    name: str | None = None
    # Where the stored bytes live (evidence store key), never the platform URL.
    ref: str | None = None


@dataclass(frozen=True)
class InboundMessage:
    channel: Channel
    # Verified platform identity: LINE userId, Telegram chat id, web cookie id.
    channel_user_id: str
    # Platform event id (LINE webhookEventId, Telegram update id, web client id):
    # unique per channel, so a redelivery is stored once and answered once.
    event_id: str | None
    text: str
    # None: the text carries no language signal; the gateway keeps the citizen's language.
    language: str | None
    attachments: tuple[Attachment, ...] = ()
    # Opaque context the channel needs to answer (LINE reply token …).
    reply_context: str | None = None
    display_name: str | None = None

    @property
    def sender_id(self) -> str:
        """The sender id Rasa and the action server see."""
        return f"{self.channel}:{self.channel_user_id}"


@dataclass(frozen=True)
class OutboundMessage:
    text: str = ""
    buttons: tuple[Button, ...] = ()
    image_url: str | None = None
    # Structured content a channel may render richly (e.g. a slot carousel).
    custom: dict[str, Any] | None = None
    language: str = "zh-TW"

    def to_payload(self) -> dict[str, Any]:
        """JSON stored with the message and sent to the web chat."""
        data: dict[str, Any] = {}
        if self.buttons:
            data["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.image_url:
            data["image_url"] = self.image_url
        if self.custom:
            data["custom"] = self.custom
        return data

    @classmethod
    def from_payload(cls, text: str, payload: dict[str, Any], language: str) -> "OutboundMessage":
        buttons = tuple(Button(b["title"], b["payload"]) for b in payload.get("buttons", []))
        return cls(
            text=text,
            buttons=buttons,
            image_url=payload.get("image_url"),
            custom=payload.get("custom"),
            language=language,
        )


@dataclass
class Reply:
    """What the gateway decided for one inbound message."""

    messages: list[OutboundMessage] = field(default_factory=list)
    duplicate: bool = False
    # The message ids stored for `messages`, in order.
    stored_ids: list[int] = field(default_factory=list)
    # The language the exchange was in (None for a duplicate).
    language: str | None = None
