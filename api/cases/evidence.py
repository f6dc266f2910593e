"""Evidence citizens send (photos, PDFs) joins their open case; staff list and fetch it."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases.models import Case, CaseEvidence
from api.cases.stages import OPEN_STATUSES
from api.core.errors import NotFound
from api.core.insert import insert_ignore


async def open_case_of(session: AsyncSession, *, citizen_id: int) -> Case | None:
    """The citizen's most recent case that is still being worked."""
    query = (
        select(Case)
        .where(Case.citizen_id == citizen_id, Case.status.in_(OPEN_STATUSES))
        .order_by(Case.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def attach_to_open_case(
    session: AsyncSession, *, citizen_id: int, message_id: int, attachment: dict[str, Any]
) -> str | None:
    """Keep a stored file with the citizen's open case; its number, or None without one."""
    case = await open_case_of(session, citizen_id=citizen_id)
    if case is None:
        return None
    fields = ("kind", "content_type", "size", "name", "ref")
    values = {key: attachment.get(key) for key in fields}
    await insert_ignore(
        session, CaseEvidence, {"case_id": case.id, "message_id": message_id} | values
    )
    return case.number


async def list_for_case(session: AsyncSession, *, case: Case) -> Sequence[CaseEvidence]:
    query = select(CaseEvidence).where(CaseEvidence.case_id == case.id).order_by(CaseEvidence.id)
    return (await session.execute(query)).scalars().all()


async def file_of(
    session: AsyncSession, *, case: Case, evidence_id: int, root: Path
) -> tuple[Path, CaseEvidence]:
    evidence = await session.get(CaseEvidence, evidence_id)
    if evidence is None or evidence.case_id != case.id:
        raise NotFound("evidence not found")
    path = root / evidence.ref
    if path.name != evidence.ref or not path.is_file():
        raise NotFound("evidence file is missing")
    return path, evidence
