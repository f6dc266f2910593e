"""Who works a conversation, from the console: take it (over from the bot, if it still
holds it), assign it to a colleague, release it, hand it back to the bot. The citizen is
told in their language when a person joins. A take that loses a race to a colleague is
said to the staff member beside the pane as it now stands."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.conversations import service as conversations
from api.conversations import staffing
from api.conversations.models import Conversation
from api.conversations.office_hours import OfficeHours, office_hours
from api.core.deps import SessionDep
from api.core.errors import Conflict, DeskError, NotFound
from api.core.time import utcnow
from api.staff.deps import SignedIn
from desk.console.pages.inbox import inbox_context
from desk.console.pages.thread_context import render_pane
from desk.console.web import ConsoleStaff, Screen, render

router = APIRouter()


async def _staffing_move(
    request: Request,
    db: AsyncSession,
    who: SignedIn,
    conversation_id: int,
    move: Callable[[Conversation, OfficeHours], Awaitable[None]],
) -> Response:
    """Make the move and redraw the pane and inbox. A move the API refuses (409: a colleague
    took it first, by a moment) changes nothing; the staff member is told why, in their
    language, beside the pane as it is now."""
    conversation = await conversations.get(db, conversation_id)
    hours = office_hours(request.app.state.settings.timezone)
    error = ""
    try:
        async with db.begin_nested():  # a refusal undoes this move only
            await move(conversation, hours)
    except (Conflict, IntegrityError):  # two takes at once: the one assignment row wins
        error = Screen(request, who).t("taken_first")
    except NotFound:
        error = Screen(request, who).t("colleague_gone")
    except DeskError as exc:
        error = Screen(request, who).t("not_done", reason=exc.message)
    return await render_pane(request, db, who, conversation_id, error=error)


@router.post("/{conversation_id}/take")
async def take(
    conversation_id: int, request: Request, db: SessionDep, who: ConsoleStaff
) -> Response:
    """Staff: take the conversation (over from the bot); a colleague holding it is said."""

    async def move(conversation: Conversation, hours: OfficeHours) -> None:
        await staffing.take(
            db, conversation=conversation, staff_id=who.staff.id, hours=hours, now=utcnow()
        )

    return await _staffing_move(request, db, who, conversation_id, move)


@router.post("/{conversation_id}/assign")
async def assign(
    conversation_id: int,
    request: Request,
    db: SessionDep,
    who: ConsoleStaff,
    staff_id: Annotated[int, Form()],
) -> Response:
    """Staff: give the conversation to a colleague."""

    async def move(conversation: Conversation, hours: OfficeHours) -> None:
        by = who.staff.id
        await staffing.assign(
            db, conversation=conversation, staff_id=staff_id, by=by, hours=hours, now=utcnow()
        )

    return await _staffing_move(request, db, who, conversation_id, move)


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
