"""Who works a conversation, from the console: take it (over from the bot, if it still
holds it), assign it to a colleague, release it, hand it back to the bot. The citizen is
told in their language when a person joins."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.conversations import service as conversations
from api.conversations import staffing
from api.conversations.office_hours import office_hours
from api.core.deps import SessionDep
from api.core.time import utcnow
from desk.console.pages.inbox import inbox_context
from desk.console.pages.thread_context import render_pane
from desk.console.web import ConsoleStaff, Screen, render

router = APIRouter()


@router.post("/{conversation_id}/take")
async def take(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: take the conversation (over from the bot); 409 when a colleague holds it."""
    conversation = await conversations.get(db, conversation_id)
    hours = office_hours(request.app.state.settings.timezone)
    await staffing.take(
        db, conversation=conversation, staff_id=who.staff.id, hours=hours, now=utcnow()
    )
    return await render_pane(request, db, who, conversation_id)


@router.post("/{conversation_id}/assign")
async def assign(
    conversation_id: int,
    request: Request,
    db: SessionDep,
    who: ConsoleStaff,
    staff_id: Annotated[int, Form()],
) -> Response:
    """Staff: give the conversation to a colleague."""
    conversation = await conversations.get(db, conversation_id)
    hours = office_hours(request.app.state.settings.timezone)
    await staffing.assign(
        db, conversation=conversation, staff_id=staff_id, by=who.staff.id, hours=hours, now=utcnow()
    )
    return await render_pane(request, db, who, conversation_id)


@router.post("/{conversation_id}/release")
async def release(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: let go of the conversation; it is unassigned again."""
    conversation = await conversations.get(db, conversation_id)
    await staffing.release(db, conversation=conversation)
    return await render_pane(request, db, who, conversation_id)


@router.post("/{conversation_id}/handback")
async def hand_back(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: give the conversation back to the bot; the pane empties."""
    conversation = await conversations.get(db, conversation_id)
    await staffing.hand_back(db, conversation=conversation)
    context = await inbox_context(db, request, who)
    response = render(Screen(request, who), "partials/nothing_selected.html", context)
    response.headers["HX-Push-Url"] = "/console"
    return response
