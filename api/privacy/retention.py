"""The retention job: erase citizens whose data the desk no longer needs.

Due are (a) a citizen without a case whose conversation has been quiet for
`retention_quiet_days`, and (b) a citizen whose every case is closed or rejected, none
touched and no message for `retention_case_closed_days`. Run by scripts/retention.py."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.cases.models import Case
from api.cases.stages import OPEN_STATUSES
from api.citizens.models import Citizen
from api.conversations.models import Conversation
from api.core.config import get_settings
from api.core.config_groups import PrivacySettings
from api.core.db import session_scope
from api.core.time import utcnow
from api.privacy.erasure import ERASED_PREFIX, EraseTargets, erase_citizen
from api.privacy.models import ErasureReason
from api.privacy.tracker import TrackerStore


@dataclass(frozen=True)
class Due:
    citizen_id: int
    reason: ErasureReason


def _quiet_before(cutoff: datetime) -> ColumnElement[bool]:
    """No message since `cutoff` (a citizen with no conversation counts from creation)."""
    last = (
        select(Conversation.last_message_at)
        .where(Conversation.citizen_id == Citizen.id)
        .scalar_subquery()
    )
    return func.coalesce(last, Citizen.created_at) < cutoff


async def due(session: AsyncSession, *, now: datetime, settings: PrivacySettings) -> list[Due]:
    """Citizens to erase now, oldest first."""
    has_case = exists().where(Case.citizen_id == Citizen.id)
    open_or_recent = exists().where(
        Case.citizen_id == Citizen.id,
        or_(
            Case.status.in_(OPEN_STATUSES),
            Case.updated_at >= now - timedelta(days=settings.retention_case_closed_days),
        ),
    )
    closed_cutoff = now - timedelta(days=settings.retention_case_closed_days)
    quiet_cutoff = now - timedelta(days=settings.retention_quiet_days)
    query = (
        select(Citizen.id, has_case.label("has_case"))
        .where(not_(Citizen.channel_user_id.startswith(ERASED_PREFIX)))
        .where(
            or_(
                and_(not_(has_case), _quiet_before(quiet_cutoff)),
                and_(has_case, not_(open_or_recent), _quiet_before(closed_cutoff)),
            )
        )
        .order_by(Citizen.id)
    )
    rows = (await session.execute(query)).all()
    return [
        Due(row.id, ErasureReason.CASE_CLOSED if row.has_case else ErasureReason.QUIET)
        for row in rows
    ]


async def run_retention(
    sessions: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    settings: PrivacySettings,
    targets: EraseTargets,
) -> Counter[str]:
    """Erase every due citizen, one unit of work each (one failure does not undo the rest).
    Returns counts per reason and of what was removed; nothing that names anyone."""
    async with session_scope(sessions) as session:
        found = await due(session, now=now, settings=settings)
    totals: Counter[str] = Counter()
    for item in found:
        async with session_scope(sessions) as session:
            citizen = await session.get_one(Citizen, item.citizen_id)
            erasure = await erase_citizen(
                session, citizen=citizen, targets=targets, reason=item.reason
            )
            totals[f"citizens_{item.reason}"] += 1
            totals["messages"] += erasure.messages
            totals["evidence_files"] += erasure.evidence_files
            totals["tracker_events"] += erasure.tracker_events
    return totals


async def run_now(
    sessions: async_sessionmaker[AsyncSession],
    *,
    evidence_dir: Path,
    settings: PrivacySettings | None = None,
) -> Counter[str]:
    """The job now, with the settings from the environment unless given: what
    scripts/retention.py runs, once or on its schedule."""
    settings = settings or get_settings().privacy
    tracker = TrackerStore(settings.rasa_tracker_db_url)
    try:
        targets = EraseTargets(tracker, evidence_dir)
        return await run_retention(sessions, now=utcnow(), settings=settings, targets=targets)
    finally:
        tracker.dispose()
