"""A conversation is one citizen's thread; every message in and out is stored."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.citizens.models import Citizen
from api.core.db import Base
from api.core.models import IdMixin, TimestampMixin


class Direction(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"


class Author(StrEnum):
    CITIZEN = "citizen"
    BOT = "bot"
    STAFF = "staff"
    SYSTEM = "system"


class MessageStatus(StrEnum):
    RECEIVED = "received"
    """Inbound, stored, not yet handled."""
    PROCESSING = "processing"
    """Inbound, claimed by one worker: nobody else may answer it."""
    PENDING = "pending"
    """Inbound, the NLU was unreachable; the retry worker handles it later."""
    PROCESSED = "processed"
    """Inbound, answered by the bot."""
    FOR_STAFF = "for_staff"
    """Inbound while the conversation is handed off; shown in the console."""
    IGNORED = "ignored"
    """Inbound, nothing to answer (sticker, unknown event type …)."""
    QUEUED = "queued"
    """Outbound, waiting for the channel worker to push it."""
    SENDING = "sending"
    """Outbound, claimed by one sender: nobody else may send it."""
    SENT = "sent"
    """Outbound, accepted by the channel (or shown to the web chat)."""
    FAILED = "failed"
    """Outbound, the channel refused it for good."""


class Conversation(IdMixin, TimestampMixin, Base):
    __tablename__ = "conversations"

    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizens.id"), unique=True)
    handoff_active: Mapped[bool] = mapped_column(default=False)
    handoff_reason: Mapped[str | None] = mapped_column(String(200))
    handoff_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A person was asked for in the middle of a form: the bot goes on with the form until a
    # member of staff takes the conversation (or replies), so the citizen is not left waiting.
    bot_until_taken: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Citizen turns in a row the bot did not understand (nlu_fallback / out_of_scope): two
    # or more puts the conversation in the console's inbox while the bot still holds it.
    failed_turns: Mapped[int] = mapped_column(default=0, server_default="0")

    citizen: Mapped[Citizen] = relationship(lazy="raise")

    @property
    def held_for_staff(self) -> bool:
        """The citizen's messages go to staff, not to the bot."""
        return self.handoff_active and not self.bot_until_taken


class Message(IdMixin, TimestampMixin, Base):
    __tablename__ = "messages"
    # NULL event ids (bot replies, staff messages) never collide with each other.
    __table_args__ = (
        UniqueConstraint("channel", "event_id"),
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        Index("ix_messages_status", "status"),
    )

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str | None] = mapped_column(String(128))
    direction: Mapped[Direction] = mapped_column(String(3))
    author: Mapped[Author] = mapped_column(String(8))
    status: Mapped[MessageStatus] = mapped_column(String(12))
    language: Mapped[str] = mapped_column(String(8), default="zh-TW")
    text: Mapped[str] = mapped_column(Text, default="")
    # Buttons, attachments, custom payloads: channel-neutral JSON.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # How an outbound message reached the citizen: "reply", "push" or "web".
    delivery: Mapped[str | None] = mapped_column(String(8))
    # Opaque per-channel context for answering (LINE reply token, Telegram chat id).
    reply_context: Mapped[str | None] = mapped_column(String(256))
    staff_id: Mapped[int | None] = mapped_column()
    # Why the channel refused an outbound message for good (status FAILED).
    failure_reason: Mapped[str | None] = mapped_column(String(300))

    conversation: Mapped[Conversation] = relationship(lazy="raise")
