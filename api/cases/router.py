"""Cases over HTTP: bot routes act for one citizen; staff routes work every case."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from api.cases import deadlines, evidence, service, views, work
from api.cases.schemas import (
    BotCaseRead,
    BusinessReplyCreate,
    CaseDetail,
    CaseEventRead,
    CaseFilter,
    CaseIntake,
    CaseRead,
    CaseUpdate,
    ContactUpdate,
    EvidenceRead,
    NoteCreate,
    OfficerAssign,
    OverdueRead,
    TransitionRequest,
)
from api.citizens.deps import CurrentCitizen
from api.core.actors import Actor
from api.core.deps import SessionDep, SettingsDep
from api.core.schemas import errors
from api.core.time import local_today, utcnow
from api.notifications import due
from api.staff.deps import AdminStaff, CurrentStaff

bot_router = APIRouter(prefix="/api/bot/cases", tags=["bot"])
staff_router = APIRouter(prefix="/api/cases", tags=["cases"])


@bot_router.post("", status_code=201, response_model=BotCaseRead, responses=errors(401))
async def file_case(body: CaseIntake, session: SessionDep, citizen: CurrentCitizen) -> BotCaseRead:
    """Action server, for the sender: file a first complaint (stage "received")."""
    case = await service.create_from_intake(session, citizen=citizen, intake=body)
    return (await views.for_bot(session, cases=[case]))[0]


@bot_router.get("", response_model=list[BotCaseRead], responses=errors(401))
async def my_cases(session: SessionDep, citizen: CurrentCitizen) -> list[BotCaseRead]:
    """Action server, for the sender: the sender's own cases, newest first."""
    cases = await service.list_for_citizen(session, citizen=citizen)
    return await views.for_bot(session, cases=cases)


@bot_router.get("/{number}", response_model=BotCaseRead, responses=errors(401, 404))
async def my_case(number: str, session: SessionDep, citizen: CurrentCitizen) -> BotCaseRead:
    """Action server, for the sender: one of the sender's cases (anyone else's is a 404)."""
    case = await service.get_for_citizen(session, citizen=citizen, number=number)
    return (await views.for_bot(session, cases=[case]))[0]


@staff_router.get("", response_model=list[CaseRead], responses=errors(401))
async def list_cases(
    session: SessionDep,
    _: CurrentStaff,
    filters: Annotated[CaseFilter, Query()],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[CaseRead]:
    """Any staff: cases, newest first, by stage, category, overdue, officer, business, or a
    case number / business name in `q`."""
    cases = await work.find(session, filters=filters, limit=limit, offset=offset)
    return [CaseRead.model_validate(case) for case in cases]


@staff_router.get("/overdue", response_model=list[OverdueRead], responses=errors(401))
async def overdue_cases(session: SessionDep, _: CurrentStaff) -> list[OverdueRead]:
    """Any staff: business replies past due and passed mediation objection windows."""
    return await deadlines.list_overdue(session, today=local_today())


@staff_router.post("/notices/scan", responses=errors(401, 403))
async def scan_notices(session: SessionDep, _: AdminStaff) -> dict[str, int]:
    """Admin: emit due notices now (overdue nudges, mediation reminders)."""
    return {"emitted": await due.scan_due(session, utcnow())}


@staff_router.get("/{number}", response_model=CaseDetail, responses=errors(401, 404))
async def get_case(number: str, session: SessionDep, _: CurrentStaff) -> CaseDetail:
    """Any staff: a case with its contact details and full event log."""
    case = await service.get_by_number(session, number=number)
    events = await service.events_of(session, case=case)
    return CaseDetail(
        **CaseRead.model_validate(case).model_dump(),
        events=[CaseEventRead.model_validate(event) for event in events],
    )


@staff_router.post(
    "/{number}/transitions",
    status_code=201,
    response_model=CaseEventRead,
    responses=errors(401, 403, 404, 409),
)
async def transition_case(
    number: str, body: TransitionRequest, session: SessionDep, staff: CurrentStaff
) -> CaseEventRead:
    """Staff (role per step: officers decide mediation stages): move a case along its path."""
    case = await service.get_by_number(session, number=number, lock=True)
    event = await service.transition(
        session,
        case=case,
        target=body.to_status,
        actor=Actor.of_staff(staff),
        note=body.note,
        rejection_reason=body.rejection_reason,
    )
    return CaseEventRead.model_validate(event)


@staff_router.patch("/{number}", response_model=CaseRead, responses=errors(401, 404, 409))
async def update_case(
    number: str, body: CaseUpdate, session: SessionDep, staff: CurrentStaff
) -> CaseRead:
    """Officer: correct the complaint form's fields (noted in the event log); a settled or
    closed case is read-only (409)."""
    case = await service.get_by_number(session, number=number, lock=True)
    await service.update_fields(session, case=case, case_in=body, actor=Actor.of_staff(staff))
    return CaseRead.model_validate(case)


@staff_router.post(
    "/{number}/business-reply",
    status_code=201,
    response_model=CaseEventRead,
    responses=errors(401, 403, 404, 409),
)
async def record_business_reply(
    number: str, body: BusinessReplyCreate, session: SessionDep, staff: CurrentStaff
) -> CaseEventRead:
    """Officer: the business answered on `replied_on` (on time or late against its 15 days);
    the case moves to "business replied" and the citizen is told."""
    case = await service.get_by_number(session, number=number, lock=True)
    event = await work.record_business_reply(
        session, case=case, replied_on=body.replied_on, note=body.note, actor=Actor.of_staff(staff)
    )
    return CaseEventRead.model_validate(event)


@staff_router.post(
    "/{number}/notes",
    status_code=201,
    response_model=CaseEventRead,
    responses=errors(401, 403, 404, 409),
)
async def add_note(
    number: str, body: NoteCreate, session: SessionDep, staff: CurrentStaff
) -> CaseEventRead:
    """Officer: an internal note on the timeline (the citizen is not told)."""
    case = await service.get_by_number(session, number=number, lock=True)
    event = await work.add_internal_note(
        session, case=case, note=body.note, actor=Actor.of_staff(staff)
    )
    return CaseEventRead.model_validate(event)


@staff_router.patch(
    "/{number}/contact", response_model=CaseRead, responses=errors(401, 403, 404, 409)
)
async def correct_contact(
    number: str, body: ContactUpdate, session: SessionDep, staff: CurrentStaff
) -> CaseRead:
    """Officer: correct the citizen's contact details (old and new value in the change log,
    GET /api/audit/changes)."""
    case = await service.get_by_number(session, number=number, lock=True)
    await work.correct_contact(session, case=case, contact_in=body, staff=staff)
    return CaseRead.model_validate(case)


@staff_router.put(
    "/{number}/officer", response_model=CaseRead, responses=errors(401, 403, 404, 409)
)
async def assign_officer(
    number: str, body: OfficerAssign, session: SessionDep, staff: CurrentStaff
) -> CaseRead:
    """Officer: name the officer working the case (null: nobody)."""
    case = await service.get_by_number(session, number=number, lock=True)
    await work.assign_officer(
        session, case=case, officer_id=body.staff_id, actor=Actor.of_staff(staff)
    )
    return CaseRead.model_validate(case)


@staff_router.get(
    "/{number}/evidence", response_model=list[EvidenceRead], responses=errors(401, 404)
)
async def list_evidence(number: str, session: SessionDep, _: CurrentStaff) -> list[EvidenceRead]:
    """Any staff: photos and files the citizen sent for this case."""
    case = await service.get_by_number(session, number=number)
    found = await evidence.list_for_case(session, case=case)
    return [EvidenceRead.model_validate(item) for item in found]


@staff_router.get(
    "/{number}/evidence/{evidence_id}",
    response_class=FileResponse,
    responses=errors(401, 404),
)
async def download_evidence(
    number: str, evidence_id: int, session: SessionDep, settings: SettingsDep, _: CurrentStaff
) -> FileResponse:
    """Any staff: one evidence file, as the citizen sent it."""
    case = await service.get_by_number(session, number=number)
    path, item = await evidence.file_of(
        session, case=case, evidence_id=evidence_id, root=settings.evidence_dir
    )
    return FileResponse(path, media_type=item.content_type, headers={"Cache-Control": "no-store"})
