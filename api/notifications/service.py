"""Emit notifications idempotently; lease due ones to the delivery worker and record
how each delivery went. Only this module changes a notification after it is emitted."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import NotFound
from api.core.insert import insert_ignore
from api.core.time import utcnow
from api.notifications.models import Notification, NotificationKind, NotificationStatus

MAX_ATTEMPTS = 6


async def emit(
    session: AsyncSession,
    *,
    citizen_id: int,
    kind: NotificationKind,
    dedupe_key: str,
    text_zh: str,
    text_en: str,
    buttons: list[dict[str, Any]] | None = None,
    due_at: datetime | None = None,
) -> int | None:
    """Queue a notice; returns its id, or None when the same key was already queued."""
    return await insert_ignore(
        session,
        Notification,
        {
            "citizen_id": citizen_id,
            "kind": kind,
            "dedupe_key": dedupe_key,
            "text_zh": text_zh,
            "text_en": text_en,
            "buttons": buttons or [],
            "due_at": due_at or utcnow(),
            "status": NotificationStatus.PENDING,
        },
    )


async def claim_due(
    session: AsyncSession, *, now: datetime | None = None, limit: int = 50
) -> Sequence[Notification]:
    """Pending notices whose time has come, locked against other workers (PostgreSQL)."""
    now = now or utcnow()
    query = (
        select(Notification)
        .where(
            Notification.status == NotificationStatus.PENDING,
            Notification.due_at <= now,
            or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
        )
        .order_by(Notification.due_at, Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(query)).scalars().all()


async def lease_due(
    session: AsyncSession, *, now: datetime, lease: timedelta, limit: int = 50
) -> Sequence[Notification]:
    """Due notices, each held for `lease` so no other worker sends it meanwhile; a worker
    that dies mid-send leaves the notice due again when the lease runs out."""
    found = await claim_due(session, now=now, limit=limit)
    for notification in found:
        notification.next_attempt_at = now + lease
    return found


async def get(session: AsyncSession, notification_id: int) -> Notification:
    notification = await session.get(Notification, notification_id)
    if notification is None:
        raise NotFound("notification not found")
    return notification


async def record_sent(
    session: AsyncSession, notification_id: int, *, now: datetime | None = None
) -> None:
    mark_sent(await get(session, notification_id), now=now)


async def record_failure(
    session: AsyncSession,
    notification_id: int,
    error: str,
    *,
    permanent: bool = False,
    now: datetime | None = None,
) -> None:
    """A transient failure backs off; a permanent one (blocked, malformed) gives up now."""
    notification = await get(session, notification_id)
    if permanent:
        give_up(notification, error)
    else:
        mark_failed(notification, error, now=now)


def mark_sent(notification: Notification, *, now: datetime | None = None) -> None:
    notification.status = NotificationStatus.SENT
    notification.sent_at = now or utcnow()


def mark_failed(notification: Notification, error: str, *, now: datetime | None = None) -> None:
    """Back off exponentially; give up after MAX_ATTEMPTS."""
    notification.attempts += 1
    notification.last_error = error[:500]
    if notification.attempts >= MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
        return
    delay = timedelta(seconds=30 * 2 ** (notification.attempts - 1))
    notification.next_attempt_at = (now or utcnow()) + delay


def give_up(notification: Notification, error: str) -> None:
    """Retrying cannot help: stop as if every attempt had been used."""
    notification.attempts = MAX_ATTEMPTS
    notification.last_error = error[:500]
    notification.status = NotificationStatus.FAILED
