"""Record and read the access log. Records join the request's unit of work."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AccessRecord, ChangeRecord
from api.core.time import utcnow


def record_read(
    session: AsyncSession,
    *,
    staff_id: int,
    action: str,
    params: Mapping[str, Any] | None = None,
    citizen_id: int | None = None,
) -> None:
    subject = ",".join(f"{k}={v}" for k, v in sorted((params or {}).items()))
    session.add(
        AccessRecord(
            staff_id=staff_id,
            action=action[:120],
            subject=subject[:200],
            citizen_id=citizen_id,
            created_at=utcnow(),
        )
    )


async def newest(
    session: AsyncSession,
    *,
    staff_id: int | None = None,
    citizen_id: int | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> Sequence[AccessRecord]:
    """Newest first; `before_id` pages back."""
    query = select(AccessRecord).order_by(AccessRecord.id.desc()).limit(limit)
    if staff_id is not None:
        query = query.where(AccessRecord.staff_id == staff_id)
    if citizen_id is not None:
        query = query.where(AccessRecord.citizen_id == citizen_id)
    if before_id is not None:
        query = query.where(AccessRecord.id < before_id)
    return (await session.execute(query)).scalars().all()


def record_change(
    session: AsyncSession,
    *,
    staff_id: int,
    subject: str,
    field: str,
    old: str | None,
    new: str | None,
    citizen_id: int | None = None,
) -> None:
    """A staff correction of a citizen's data, old and new value, in the request's unit of work."""
    session.add(
        ChangeRecord(
            staff_id=staff_id,
            citizen_id=citizen_id,
            subject=subject[:200],
            field=field[:64],
            old_value=old,
            new_value=new,
            created_at=utcnow(),
        )
    )


async def changes(
    session: AsyncSession,
    *,
    citizen_id: int | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> Sequence[ChangeRecord]:
    """Corrections newest first; `before_id` pages back."""
    query = select(ChangeRecord).order_by(ChangeRecord.id.desc()).limit(limit)
    if citizen_id is not None:
        query = query.where(ChangeRecord.citizen_id == citizen_id)
    if before_id is not None:
        query = query.where(ChangeRecord.id < before_id)
    return (await session.execute(query)).scalars().all()
