"""Emit notifications idempotently; hand due ones to the delivery worker."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

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
