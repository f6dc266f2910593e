"""One conversation: the transcript with channel, time and delivery status per message,
the citizen's cases beside it, the reply box, hand back to the bot."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.cases import service as cases
from api.cases import views as case_views
from api.cases.schemas import BotCaseRead
from api.citizens import service as citizens
from api.conversations import assignment
from api.conversations import service as conversations
from api.core.deps import SessionDep
from api.staff.deps import SignedIn
from desk.console.pages.inbox import CHANNELS, inbox_items
from desk.console.web import ConsoleStaff, Screen, is_htmx, render

router = APIRouter(prefix="/console/conversations")
TRANSCRIPT_LIMIT = 500


async def _thread_context(db: AsyncSession, conversation_id: int) -> dict[str, Any]:
    conversation = await conversations.get(db, conversation_id)
    citizen = await citizens.get_by_id(db, conversation.citizen_id)
    messages = await conversations.messages_after(db, conversation, limit=TRANSCRIPT_LIMIT)
    holder = (await assignment.assignees(db, [conversation_id])).get(conversation_id)
    return {
        "assignee": holder,
        "conversation": conversation,
        "citizen": citizen,
        "citizen_label": conversations.citizen_label(citizen),
        "channel_label": CHANNELS.get(citizen.channel, citizen.channel),
        "messages": [m for m in messages if m.text or m.payload.get("attachments")],
    }


async def _cases_of(db: AsyncSession, citizen_id: int) -> list[BotCaseRead]:
    citizen = await citizens.get_by_id(db, citizen_id)
    found = await cases.list_for_citizen(db, citizen=citizen)
    return await case_views.for_bot(db, cases=found)


@router.get("/{conversation_id}")
async def open_conversation(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: the conversation pane (htmx) or the whole desk with it selected.
    Opening it is a read of the citizen's personal data: it goes to the access log."""
    context = await _thread_context(db, conversation_id)
    citizen_id = context["conversation"].citizen_id
    audit.record_read(
        db,
        staff_id=who.staff.id,
        action="console: conversation",
        params={"conversation_id": conversation_id},
        citizen_id=citizen_id,
    )
    context["cases"] = await _cases_of(db, citizen_id)
    screen = Screen(request, who)
    if is_htmx(request):
        return render(screen, "partials/pane.html", context)
    page = {"items": await inbox_items(db), "selected": True, **context}
    return render(screen, "desk.html", page)


@router.get("/{conversation_id}/thread")
async def thread(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: the transcript alone (refreshed on live events while the pane is open)."""
    context = await _thread_context(db, conversation_id)
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
    screen = Screen(request, who)
    context = await _thread_context(db, conversation_id)
    context["items"] = await inbox_items(db)
    return render(screen, "partials/thread_and_inbox.html", context)


async def _pane(
    request: Request, db: AsyncSession, who: SignedIn, conversation_id: int
) -> Response:
    context = await _thread_context(db, conversation_id)
    context["cases"] = await _cases_of(db, context["conversation"].citizen_id)
    return render(Screen(request, who), "partials/pane.html", context)


@router.post("/{conversation_id}/take")
async def take(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: take the conversation (409 when a colleague holds it)."""
    await conversations.get(db, conversation_id)
    await assignment.take(db, conversation_id=conversation_id, staff_id=who.staff.id)
    return await _pane(request, db, who, conversation_id)


@router.post("/{conversation_id}/release")
async def release(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: let go of the conversation; it is unassigned again."""
    await conversations.get(db, conversation_id)
    await assignment.release(db, conversation_id=conversation_id)
    return await _pane(request, db, who, conversation_id)


@router.post("/{conversation_id}/handback")
async def hand_back(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: give the conversation back to the bot; the pane empties."""
    conversation = await conversations.get(db, conversation_id)
    conversations.end_handoff(conversation)
    await assignment.release(db, conversation_id=conversation_id)
    await db.flush()
    screen = Screen(request, who)
    response = render(screen, "partials/nothing_selected.html", {"items": await inbox_items(db)})
    response.headers["HX-Push-Url"] = "/console"
    return response
