"""Deliver the domain's due notifications (outbox) to each citizen's own channel.

Exactly once: a notice is leased before sending, LINE drops a repeated push with the
same retry key, and the notice is marked sent together with storing it in the thread."""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens import service as citizens
from api.conversations import service as conversations
from api.conversations.models import Author, MessageStatus
from api.core.config import Settings
from api.core.db import session_scope
from api.core.time import utcnow
from api.notifications import service as notifications
from api.notifications.models import Notification
from bot.gateway.delivery import ChannelSender, DeliveryFailed, retry_key
from bot.gateway.next_steps import to_buttons
from bot.messages import OutboundMessage
from textkit.bilingual import Bilingual

log = logging.getLogger(__name__)
# Long enough for one send; a crashed worker's notice is retried after it.
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class _Due:
    notification_id: int
    citizen_id: int
    message: OutboundMessage


def in_quiet_hours(now: datetime, *, start: int, end: int, timezone: str) -> bool:
    """True inside [start, end) local time; a window like 22 → 8 wraps midnight."""
    hour = now.astimezone(ZoneInfo(timezone)).hour
    if start == end:
        return False
    return start <= hour < end if start < end else hour >= start or hour < end


class NotificationDelivery:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: Mapping[str, ChannelSender],
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._senders = senders
        self._settings = settings
        self._clock = clock

    def quiet_now(self) -> bool:
        s = self._settings
        return in_quiet_hours(
            self._clock(), start=s.quiet_hours_start, end=s.quiet_hours_end, timezone=s.timezone
        )

    async def deliver_due(self) -> int:
        """Deliver every due notice; returns how many were sent."""
        if self.quiet_now():
            return 0
        sent = 0
        for due in await self._lease_due():
            sent += await self._deliver(due)
        return sent

    async def _lease_due(self) -> list[_Due]:
        now = self._clock()
        async with session_scope(self._sessions) as session:
            found = await notifications.lease_due(session, now=now, lease=LEASE)
            leased = []
            for notice in found:
                citizen = await citizens.get_by_id(session, notice.citizen_id)
                leased.append(_Due(notice.id, citizen.id, _message(notice, citizen.language)))
            return leased

    async def _deliver(self, due: _Due) -> int:
        async with session_scope(self._sessions) as session:
            citizen = await citizens.get_by_id(session, due.citizen_id)
        sender = self._senders.get(citizen.channel)
        how: str | None = None
        try:
            if sender is not None:
                key = retry_key("notice", due.notification_id)
                how = await sender.deliver(
                    citizen.channel_user_id, [due.message], reply_context=None, retry_key=key
                )
        except DeliveryFailed as exc:
            await self._failed(due, exc)
            return 0
        await self._record(due, how)
        return 1

    async def _record(self, due: _Due, how: str | None) -> None:
        """Keep the notice in the citizen's thread; the web chat shows it when polled."""
        async with session_scope(self._sessions) as session:
            citizen = await citizens.get_by_id(session, due.citizen_id)
            conversation = await conversations.for_citizen(session, citizen)
            conversations.add_outbound(
                session,
                conversation=conversation,
                channel=citizen.channel,
                text=due.message.text,
                language=due.message.language,
                author=Author.SYSTEM,
                payload=due.message.to_payload(),
                status=MessageStatus.SENT if how else MessageStatus.QUEUED,
                delivery=how,
            )
            await notifications.record_sent(session, due.notification_id, now=self._clock())

    async def _failed(self, due: _Due, exc: DeliveryFailed) -> None:
        log.warning("notification %s not delivered: %s", due.notification_id, exc)
        async with session_scope(self._sessions) as session:
            await notifications.record_failure(
                session,
                due.notification_id,
                str(exc),
                permanent=exc.permanent,
                now=self._clock(),
            )


def _message(notice: Notification, language: str) -> OutboundMessage:
    text = Bilingual(notice.text_zh, notice.text_en).pick(language)
    buttons = to_buttons(notice.buttons or [], language)
    return OutboundMessage(text=text, buttons=buttons, language=language)
