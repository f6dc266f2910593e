"""Record and read the access log. Records join the request's unit of work."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.models import AccessRecord
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
