"""How stored outbound messages reach a citizen, whatever the channel.

A channel sender tries the free reply context first (LINE reply token) and pushes
otherwise. Messages are claimed QUEUED → SENDING before a send, so the webhook's
background task and the delivery worker never both send the same message.
"""

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations import lifecycle
from api.conversations import service as conversations
from api.conversations.models import Message, MessageStatus
from api.core.db import session_scope
from bot.messages import OutboundMessage

log = logging.getLogger(__name__)
_RETRY_NAMESPACE = uuid.UUID("6f1c2a4e-9d7b-4c1e-8a55-0d3b1f0c7e21")


class Delivery(StrEnum):
    REPLY = "reply"
    """Answered through the inbound event's reply context (free on LINE)."""
    PUSH = "push"
    """Sent proactively (costs money on LINE)."""


class DeliveryFailed(Exception):
    """The platform refused the messages or could not be reached."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        # Permanent: retrying cannot help (blocked by the user, malformed message).
        self.permanent = permanent


class ChannelSender(Protocol):
    async def deliver(
        self,
        user_id: str,
        messages: Sequence[OutboundMessage],
        *,
        reply_context: str | None,
        retry_key: str,
    ) -> Delivery:
        """Send `messages` in order; reply context first, push otherwise."""
        ...

    async def show_typing(self, user_id: str) -> None:
        """Tell the citizen the bot is working (best effort)."""
        ...


def retry_key(kind: str, first_id: int) -> str:
    """The same batch always gets the same key, so a repeated push is dropped by LINE."""
    return str(uuid.uuid5(_RETRY_NAMESPACE, f"{kind}:{first_id}"))


def mask(user_id: str) -> str:
    """A platform user id for logs: enough to correlate, not enough to identify."""
    return user_id[:4] + "…" + user_id[-2:] if len(user_id) > 8 else "…"


@dataclass(frozen=True)
class Target:
    """Where one conversation's messages go."""

    channel: str
    user_id: str


async def deliver_stored(
    sessions: async_sessionmaker[AsyncSession],
    sender: ChannelSender,
    target: Target,
    message_ids: Sequence[int],
    *,
    reply_context: str | None = None,
) -> Delivery | None:
    """Claim, send and mark stored outbound messages; None when nothing was claimed."""
    async with session_scope(sessions) as session:
        claimed = await lifecycle.claim_for_sending(session, message_ids)
        outbound = [_to_outbound(m) for m in await conversations.by_ids(session, claimed)]
    if not claimed:
        return None
    return await send_claimed(sessions, sender, target, claimed, outbound, reply_context)


async def send_claimed(
    sessions: async_sessionmaker[AsyncSession],
    sender: ChannelSender,
    target: Target,
    claimed: Sequence[int],
    outbound: Sequence[OutboundMessage],
    reply_context: str | None = None,
) -> Delivery:
    """Send messages this worker holds as SENDING (`claimed`, stored as `outbound`), then
    mark them sent; a failure hands them back to the queue (or marks them failed)."""
    try:
        how = await sender.deliver(
            target.user_id,
            outbound,
            reply_context=reply_context,
            retry_key=retry_key("out", claimed[0]),
        )
    except DeliveryFailed as exc:
        await _mark_failed(sessions, claimed, exc)
        raise
    async with session_scope(sessions) as session:
        await lifecycle.set_status(session, claimed, MessageStatus.SENT, delivery=how)
    return how


async def _mark_failed(
    sessions: async_sessionmaker[AsyncSession], ids: Sequence[int], exc: DeliveryFailed
) -> None:
    """Transient failures go back to the queue for the worker; permanent ones stop."""
    status = MessageStatus.FAILED if exc.permanent else MessageStatus.QUEUED
    log.warning("delivery of %d message(s) failed (%s): %s", len(ids), status, exc)
    async with session_scope(sessions) as session:
        if exc.permanent:  # staff see why in the console
            await lifecycle.mark_failed(session, ids, reason=str(exc))
        else:
            await lifecycle.set_status(session, ids, status)


def _to_outbound(message: Message) -> OutboundMessage:
    return OutboundMessage.from_payload(message.text, message.payload or {}, message.language)
