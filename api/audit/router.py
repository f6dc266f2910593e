"""The access log, for admins."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.audit import service
from api.audit.schemas import AccessRecordRead, ChangeRecordRead
from api.core.deps import SessionDep
from api.core.schemas import errors
from api.staff.deps import CurrentStaff

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("/access", response_model=list[AccessRecordRead], responses=errors(401, 403))
async def access_log(
    session: SessionDep,
    _: CurrentStaff,
    staff_id: int | None = None,
    citizen_id: int | None = None,
    before_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AccessRecordRead]:
    """Admin: who read which citizen's personal data, newest first."""
    found = await service.newest(
        session, staff_id=staff_id, citizen_id=citizen_id, before_id=before_id, limit=limit
    )
    return [AccessRecordRead.model_validate(r) for r in found]


@router.get("/changes", response_model=list[ChangeRecordRead], responses=errors(401, 403))
async def change_log(
    session: SessionDep,
    _: CurrentStaff,
    citizen_id: int | None = None,
    before_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ChangeRecordRead]:
    """Admin: staff corrections of citizens' data (old and new value), newest first."""
    found = await service.changes(session, citizen_id=citizen_id, before_id=before_id, limit=limit)
    return [ChangeRecordRead.model_validate(r) for r in found]
