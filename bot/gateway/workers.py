"""The delivery worker: pushes queued answers and staff replies, retries messages that
waited for Rasa, and delivers the domain's due notifications outside quiet hours."""

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens import service as citizens
from api.conversations import lifecycle, staffing
from api.conversations import service as conversations
from api.conversations.models import MessageStatus
from api.conversations.office_hours import office_hours
from api.core.config import Settings
from api.core.db import session_scope
from api.core.time import utcnow
from api.notifications.due import scan_due
from bot.gateway.delivery import ChannelSender, DeliveryFailed, Target, deliver_stored
from bot.gateway.flow import MessageFlow
from bot.gateway.notifier import NotificationDelivery

log = logging.getLogger(__name__)
# Answers the webhook's own background task is about to send by reply token are left alone.
QUEUED_GRACE = timedelta(seconds=5)
# Far beyond the Rasa timeout and a platform call: a claim this old belongs to a dead worker.
STALE_CLAIM = timedelta(minutes=10)


class DeliveryWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        flow: MessageFlow,
        senders: Mapping[str, ChannelSender],
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._flow = flow
        self._senders = senders
        self._poll = settings.delivery_poll_seconds
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._scan_every = timedelta(seconds=settings.notice_scan_seconds)
        self._last_scan: datetime | None = None
        self._last_sweep: datetime | None = None
        self._timezone = settings.timezone
        self.notifications = NotificationDelivery(sessions, senders, settings, clock=clock)

    def start(self) -> None:
        # Runs for the web chat too: it has no push, but waiting messages still need answers.
        if self._poll > 0:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("delivery round failed")
            await asyncio.sleep(self._poll)

    async def run_once(self) -> None:
        """One round of every duty (tests call this directly)."""
        await self.release_stale()
        await self.retry_pending()
        await self.close_idle_handoffs()
        await self.push_queued(grace=QUEUED_GRACE)
        await self.scan_notices()
        await self.notifications.deliver_due()

    async def release_stale(self) -> int:
        """Nothing is lost to a crash: claims older than any real send are handed back."""
        async with session_scope(self._sessions) as session:
            return await lifecycle.release_stale(
                session, claimed_before=self._clock() - STALE_CLAIM
            )

    async def scan_notices(self) -> int:
        """Let the domain emit notices that came due (idempotent, so a rescan is harmless)."""
        now = self._clock()
        if self._last_scan is not None and now - self._last_scan < self._scan_every:
            return 0
        self._last_scan = now
        async with session_scope(self._sessions) as session:
            return await scan_due(session, now)

    async def close_idle_handoffs(self, *, at: datetime | None = None) -> int:
        """Hand back to the bot, with a polite note, conversations quiet since a staff reply
        (every scan interval; `at` sweeps at once as of that time)."""
        now = at or self._clock()
        if (
            at is None
            and self._last_sweep is not None
            and now - self._last_sweep < self._scan_every
        ):
            return 0
        self._last_sweep = now
        async with session_scope(self._sessions) as session:
            return await staffing.close_idle(session, hours=office_hours(self._timezone), now=now)

    async def push_queued(self, *, grace: timedelta = QUEUED_GRACE) -> int:
        """Push what is queued on a push channel; returns how many conversations were served."""
        async with session_scope(self._sessions) as session:
            batches = await lifecycle.queued_outbound(
                session, channels=list(self._senders), before=self._clock() - grace
            )
        for conversation_id, ids in batches:
            await self._push(conversation_id, ids)
        return len(batches)

    async def retry_pending(self) -> int:
        """Answer messages that waited for Rasa, oldest first; stop at the first still waiting."""
        async with session_scope(self._sessions) as session:
            waiting = await lifecycle.pending_inbound(session)
        done = 0
        for message_id in waiting:
            reply = await self._flow.process(message_id, tell_citizen_to_wait=False)
            if await self._still_pending(message_id):
                break
            done += 1
            if reply.stored_ids:
                await self._push_answers(message_id, reply.stored_ids)
        return done

    async def _still_pending(self, message_id: int) -> bool:
        async with session_scope(self._sessions) as session:
            message = await conversations.get_message(session, message_id)
            return message.status == MessageStatus.PENDING

    async def _push_answers(self, inbound_id: int, ids: list[int]) -> None:
        async with session_scope(self._sessions) as session:
            conversation_id = (await conversations.get_message(session, inbound_id)).conversation_id
        await self._push(conversation_id, ids)

    async def _push(self, conversation_id: int, ids: list[int]) -> None:
        target = await self._target(conversation_id)
        sender = self._senders.get(target.channel)
        if sender is None:
            return  # web chat: the page fetches queued messages itself
        try:
            await deliver_stored(self._sessions, sender, target, ids)
        except DeliveryFailed:
            log.warning("push for conversation %s failed; will retry", conversation_id)

    async def _target(self, conversation_id: int) -> Target:
        async with session_scope(self._sessions) as session:
            conversation = await conversations.get(session, conversation_id)
            citizen = await citizens.get_by_id(session, conversation.citizen_id)
            return Target(citizen.channel, citizen.channel_user_id)
