"""Personal data on request: export and erasure (officers and admins, audited), the
erasure log and the anonymous statistics that outlive it."""

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.cases.models import Case
from api.citizens.models import Citizen
from api.core.deps import SessionDep, SettingsDep
from api.core.errors import Conflict, NotFound
from api.core.schemas import errors
from api.privacy.erasure import EraseTargets, erase_citizen, is_erased
from api.privacy.export import export_citizen
from api.privacy.models import Erasure, ErasureReason
from api.privacy.schemas import (
    CaseCount,
    CitizenExport,
    ErasureCreate,
    ErasureRead,
    Statistics,
)
from api.privacy.tracker import tracker_of
from api.staff.deps import CurrentStaff

router = APIRouter(prefix="/api/privacy", tags=["privacy"])


async def _citizen(session: AsyncSession, citizen_id: int) -> Citizen:
    citizen = await session.get(Citizen, citizen_id)
    if citizen is None:
        raise NotFound("citizen not found")
    return citizen


@router.get(
    "/citizens/{citizen_id}/export",
    response_model=CitizenExport,
    responses=errors(401, 403, 404),
)
async def export(
    citizen_id: int, request: Request, session: SessionDep, staff: CurrentStaff
) -> CitizenExport:
    """Officer, admin: everything held about one citizen, for their access request."""
    citizen = await _citizen(session, citizen_id)
    audit.record_read(
        session,
        staff_id=staff.id,
        action="GET /api/privacy/citizens/{citizen_id}/export",
        params={"citizen_id": citizen_id},
        citizen_id=citizen_id,
    )
    return await export_citizen(session, citizen=citizen, tracker=tracker_of(request))


@router.post(
    "/citizens/{citizen_id}/erasure",
    status_code=201,
    response_model=ErasureRead,
    responses=errors(401, 403, 404, 409),
)
async def erase(
    citizen_id: int,
    body: ErasureCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: CurrentStaff,
) -> ErasureRead:
    """Officer, admin: erase a citizen's personal data on their request (the case numbers,
    categories and stages stay as anonymous statistics); written to the access log."""
    citizen = await _citizen(session, citizen_id)
    if is_erased(citizen):
        raise Conflict("this citizen's data is already erased")
    audit.record_read(
        session,
        staff_id=staff.id,
        action="POST /api/privacy/citizens/{citizen_id}/erasure",
        params={"citizen_id": citizen_id, "reason": body.reason},
        citizen_id=citizen_id,
    )
    targets = EraseTargets(tracker_of(request), settings.evidence_dir)
    erasure = await erase_citizen(
        session, citizen=citizen, targets=targets, reason=ErasureReason.REQUEST, staff_id=staff.id
    )
    return ErasureRead.model_validate(erasure)


@router.get("/erasures", response_model=list[ErasureRead], responses=errors(401, 403))
async def erasures(session: SessionDep, _: CurrentStaff) -> list[ErasureRead]:
    """Officer, admin: the latest 500 erasures, newest first (counts only)."""
    found = await session.execute(select(Erasure).order_by(Erasure.id.desc()).limit(500))
    return [ErasureRead.model_validate(e) for e in found.scalars()]


@router.get("/statistics", response_model=Statistics, responses=errors(401, 403))
async def statistics(session: SessionDep, _: CurrentStaff) -> Statistics:
    """Officer, admin: cases per category and stage (erased or not), erasures per reason."""
    per_stage = await session.execute(
        select(Case.category, Case.status, func.count())
        .group_by(Case.category, Case.status)
        .order_by(Case.category, Case.status)
    )
    per_reason = await session.execute(
        select(Erasure.reason, func.count()).group_by(Erasure.reason)
    )
    return Statistics(
        cases=[CaseCount(category=c, status=s, cases=n) for c, s, n in per_stage.all()],
        erasures={str(reason): n for reason, n in per_reason.all()},
    )
