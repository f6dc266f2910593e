"""One conversation: the transcript with channel, time, what the bot understood and the
delivery status per message; the citizen's cases and bookings beside it; the reply box with
canned replies. Take / assign / release / hand back live in pages/staffing.py, files and
canned replies in pages/files.py (both mounted here)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.audit import service as audit
from api.conversations import service as conversations
from api.core.deps import SessionDep
from desk.console.pages import files, staffing
from desk.console.pages.inbox import inbox_context
from desk.console.pages.thread_context import pane_context, thread_context
from desk.console.web import ConsoleStaff, Screen, is_htmx, render

router = APIRouter(prefix="/console/conversations")


@router.get("/{conversation_id}")
async def open_conversation(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: the conversation pane (htmx) or the whole desk with it selected.
    Opening it is a read of the citizen's personal data: it goes to the access log."""
    context = await pane_context(db, conversation_id, who)
    audit.record_read(
        db,
        staff_id=who.staff.id,
        action="console: conversation",
        params={"conversation_id": conversation_id},
        citizen_id=context["conversation"].citizen_id,
    )
    screen = Screen(request, who)
    if is_htmx(request):
        return render(screen, "partials/pane.html", context)
    page = {**await inbox_context(db, request, who), "selected": True, **context}
    return render(screen, "desk.html", page)


@router.get("/{conversation_id}/thread")
async def thread(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: the transcript alone (refreshed on live events while the pane is open)."""
    context = await thread_context(db, conversation_id)
    return render(Screen(request, who), "partials/thread.html", context)


@router.post("/{conversation_id}/messages")
async def reply(
    conversation_id: int,
    request: Request,
    db: SessionDep,
    who: ConsoleStaff,
    text: Annotated[str, Form(min_length=1, max_length=2000, pattern=r"\S")],
) -> Response:
    """Staff: answer through the citizen's own channel; the transcript and inbox redraw."""
    conversation = await conversations.get(db, conversation_id)
    await conversations.add_staff_reply(
        db, conversation=conversation, text=text.strip(), staff_id=who.staff.id
    )
    context = await thread_context(db, conversation_id)
    context |= await inbox_context(db, request, who)
    return render(Screen(request, who), "partials/thread_and_inbox.html", context)


router.include_router(staffing.router)
router.include_router(files.router)
