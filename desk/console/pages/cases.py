"""One case's detail — timeline, the legal next step and its deadline, the moves the staff
member may make (api/cases/stages.py), the business's reply, internal notes, evidence and
audited contact corrections. The list (filters, search, pages) is pages/case_list.py.

Agents read; officers and admins work cases (the same permissions as the API). A change
that the API would refuse is shown as an error on the page and leaves the case as it was."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.cases import evidence, service, stages, texts, work
from api.cases.models import CaseStatus, RejectionReason
from api.cases.schemas import BusinessReplyCreate, ContactUpdate, NoteCreate
from api.core.actors import Actor
from api.core.deps import SessionDep
from api.core.errors import DeskError
from api.core.time import local_today
from api.mediation import service as mediation
from api.staff.deps import SignedIn, require
from api.staff.policy import Permission, may
from desk.console.web import ConsoleStaff, Screen, render

router = APIRouter(prefix="/console/cases")


def staff_with(permission: Permission) -> Callable[[SignedIn], Awaitable[SignedIn]]:
    """A console dependency: a signed-in staff member whose role holds `permission`."""

    async def check(who: ConsoleStaff) -> SignedIn:
        require(who.staff, permission)
        return who

    return check


CaseReader = Annotated[SignedIn, Depends(staff_with(Permission.CASES_READ))]
CaseWorker = Annotated[SignedIn, Depends(staff_with(Permission.CASES))]


def failure(exc: Exception) -> str:
    """A refusal in words for the page (the API's message, or the fields that failed)."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return exc.message if isinstance(exc, DeskError) else str(exc)


async def officer_names(db: AsyncSession) -> dict[int, str]:
    """Officers by id, for the list's filter and the case's officer field."""
    return {s.id: s.display_name for s in await work.officers(db)}


async def _detail(db: AsyncSession, who: SignedIn, number: str, **extra: Any) -> dict[str, Any]:
    case = await service.get_by_number(db, number=number)
    today = local_today()
    start = (await mediation.session_starts(db, case_ids=[case.id])).get(case.id)
    overdue = work.is_overdue(case, today)
    moves = stages.staff_moves(who.staff.role, case.status, overdue=overdue)
    events = await service.events_of(db, case=case)
    return {
        "case": case,
        "events": events,
        "evidence": await evidence.list_for_case(db, case=case),
        "next_step": texts.next_step(case, today=today, session_start=start),
        "session_start": start,
        "today": today,
        "overdue": overdue,
        "on_time": work.replied_on_time(case),
        # Recording the reply is the way to "business replied": it keeps the date.
        "moves": [m for m in moves if m != CaseStatus.BUSINESS_REPLIED],
        "may_reply": CaseStatus.BUSINESS_REPLIED in moves,
        "may_work": may(who.staff.role, Permission.CASES),
        "read_only": case.status in stages.READ_ONLY_STATUSES,
        "officers": await officer_names(db),
        "names": await work.staff_names(db, [e.staff_id for e in events]),
        "stages": stages.STATUS_LABELS,
        "reasons": stages.REJECTION_LABELS,
        **extra,
    }


@router.get("/{number}")
async def case_detail(number: str, request: Request, db: SessionDep, who: CaseReader) -> Response:
    """Any staff: one case; opening it reads the citizen's contact data (access log)."""
    context = await _detail(db, who, number)
    audit.record_read(
        db,
        staff_id=who.staff.id,
        action="console: case",
        params={"number": number},
        citizen_id=context["case"].citizen_id,
    )
    return render(Screen(request, who), "case.html", context)


async def _after(
    request: Request,
    db: AsyncSession,
    who: SignedIn,
    number: str,
    change: Callable[[], Awaitable[object]],
) -> Response:
    """Make a change and redraw the case; a refusal is rolled back and shown on the page."""
    extra: dict[str, str] = {}
    try:
        async with db.begin_nested():  # a refusal undoes this change only
            await change()
        extra["message"] = Screen(request, who).t("saved")
    except (DeskError, ValidationError) as exc:
        extra["error"] = failure(exc)
    context = await _detail(db, who, number, **extra)
    return render(Screen(request, who), "partials/case_view.html", context)


async def _locked(db: AsyncSession, number: str) -> Any:
    return await service.get_by_number(db, number=number, lock=True)


@router.post("/{number}/move")
async def move_case(
    number: str,
    request: Request,
    db: SessionDep,
    who: CaseWorker,
    to_status: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    rejection_reason: Annotated[str, Form()] = "",
) -> Response:
    """Officer: move the case along its path (the API's checks decide; the citizen is told)."""

    async def change() -> object:
        target = CaseStatus(to_status)
        reason = RejectionReason(rejection_reason) if target == CaseStatus.REJECTED else None
        return await service.transition(
            db,
            case=await _locked(db, number),
            target=target,
            actor=Actor.of_staff(who.staff),
            note=note.strip() or None,
            rejection_reason=reason,
        )

    return await _guarded(request, db, who, number, change)


async def _guarded(
    request: Request,
    db: AsyncSession,
    who: SignedIn,
    number: str,
    change: Callable[[], Awaitable[object]],
) -> Response:
    """As `_after`, with a wrong enum value from a forged form read as a refusal."""

    async def checked() -> object:
        try:
            return await change()
        except ValueError as exc:
            if isinstance(exc, ValidationError):
                raise
            raise DeskError(str(exc)) from exc

    return await _after(request, db, who, number, checked)


@router.post("/{number}/reply")
async def record_reply(
    number: str,
    request: Request,
    db: SessionDep,
    who: CaseWorker,
    replied_on: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Officer: the business replied on a date (on time or late); the case moves on."""

    async def change() -> object:
        reply = BusinessReplyCreate(replied_on=date.fromisoformat(replied_on), note=note or None)
        return await work.record_business_reply(
            db,
            case=await _locked(db, number),
            replied_on=reply.replied_on,
            note=reply.note,
            actor=Actor.of_staff(who.staff),
        )

    return await _guarded(request, db, who, number, change)


@router.post("/{number}/notes")
async def add_note(
    number: str,
    request: Request,
    db: SessionDep,
    who: CaseWorker,
    note: Annotated[str, Form()],
) -> Response:
    """Officer: an internal note on the timeline."""

    async def change() -> object:
        text = NoteCreate(note=note).note
        actor = Actor.of_staff(who.staff)
        return await work.add_internal_note(
            db, case=await _locked(db, number), note=text, actor=actor
        )

    return await _after(request, db, who, number, change)


@router.post("/{number}/contact")
async def correct_contact(
    number: str,
    request: Request,
    db: SessionDep,
    who: CaseWorker,
    contact_name: Annotated[str, Form()] = "",
    contact_phone: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
) -> Response:
    """Officer: correct the citizen's contact details (old and new value are audited)."""
    sent = {"contact_name": contact_name, "contact_phone": contact_phone}
    sent["contact_email"] = contact_email

    async def change() -> object:
        contact_in = ContactUpdate.model_validate(
            {k: v.strip() for k, v in sent.items() if v.strip()}
        )
        case = await _locked(db, number)
        return await work.correct_contact(db, case=case, contact_in=contact_in, staff=who.staff)

    return await _after(request, db, who, number, change)


@router.post("/{number}/officer")
async def assign_officer(
    number: str,
    request: Request,
    db: SessionDep,
    who: CaseWorker,
    staff_id: Annotated[str, Form()] = "",
) -> Response:
    """Officer: name the officer working the case."""

    async def change() -> object:
        officer_id = int(staff_id) if staff_id else None
        case = await _locked(db, number)
        return await work.assign_officer(
            db, case=case, officer_id=officer_id, actor=Actor.of_staff(who.staff)
        )

    return await _guarded(request, db, who, number, change)
