"""The inbox: conversations waiting for a person and why, with channel, language, waiting
time, unread count and who holds them; filtered mine / unassigned / all, or the
conversations the bot holds (to take over). The console's home screen (or sign-in)."""

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.conversations import inbox
from api.conversations import service as conversations
from api.conversations.inbox import InboxView
from api.conversations.office_hours import office_hours
from api.core.deps import SessionDep
from api.core.schemas import as_utc
from api.core.time import utcnow
from api.staff.deps import SignedIn
from desk.console.pages.signin import sign_in_screen
from desk.console.web import ConsoleStaff, MaybeSignedIn, Screen, render

router = APIRouter(prefix="/console")
CHANNELS = {"line": "LINE", "telegram": "Telegram", "web": "Web"}
# The staff member's chosen view, kept across live refreshes and page loads.
VIEW_COOKIE = "console_view"
VIEWS = [InboxView.MINE, InboxView.UNASSIGNED, InboxView.ALL, InboxView.BOT]


@dataclass(frozen=True)
class InboxItem:
    id: int
    channel: str
    channel_label: str
    citizen_label: str
    language: str
    unread: int
    waiting_minutes: int
    last_message_at: datetime | None
    assignee: str | None
    reason: str
    handoff_reason: str | None
    unanswered: bool


def view_of(request: Request) -> InboxView:
    chosen = request.query_params.get("view") or request.cookies.get(VIEW_COOKIE, "")
    return InboxView(chosen) if chosen in set(InboxView) else InboxView.ALL


async def inbox_items(db: AsyncSession, request: Request, who: SignedIn) -> list[InboxItem]:
    now = utcnow()
    hours = office_hours(request.app.state.settings.timezone)
    found = await inbox.entries(
        db, view=view_of(request), staff_id=who.staff.id, hours=hours, now=now
    )
    return [
        InboxItem(
            id=entry.conversation.id,
            channel=entry.citizen.channel,
            channel_label=CHANNELS.get(entry.citizen.channel, entry.citizen.channel),
            citizen_label=conversations.citizen_label(entry.citizen),
            language=entry.citizen.language,
            unread=entry.unread,
            waiting_minutes=_minutes_since(
                entry.conversation.handoff_at if entry.conversation.handoff_active else None, now
            ),
            last_message_at=entry.conversation.last_message_at,
            assignee=entry.assignee.display_name if entry.assignee else None,
            reason=entry.reason,
            handoff_reason=entry.conversation.handoff_reason,
            unanswered=entry.unanswered,
        )
        for entry in found
    ]


def _minutes_since(moment: datetime | None, now: datetime) -> int:
    return int((now - as_utc(moment)).total_seconds() // 60) if moment else 0


async def inbox_context(db: AsyncSession, request: Request, who: SignedIn) -> dict[str, object]:
    return {
        "items": await inbox_items(db, request, who),
        "view": view_of(request),
        "views": VIEWS,
    }


def _remember_view(request: Request, response: Response) -> Response:
    if "view" in request.query_params:
        view = view_of(request)
        response.set_cookie(VIEW_COOKIE, view, max_age=30 * 86400, samesite="strict")
    return response


@router.get("")
async def home(request: Request, db: SessionDep, who: MaybeSignedIn) -> Response:
    """Staff: the inbox with nothing selected; anyone else: the sign-in form."""
    if who is None:
        return sign_in_screen(request)
    context = await inbox_context(db, request, who)
    response = render(Screen(request, who), "desk.html", {**context, "selected": False})
    return _remember_view(request, response)


@router.get("/inbox")
async def inbox_list(request: Request, db: SessionDep, who: ConsoleStaff) -> Response:
    """Staff: the inbox panel alone (htmx: a view tab, or a refresh on every live event)."""
    context = await inbox_context(db, request, who)
    response = render(Screen(request, who), "partials/inbox_panel.html", context)
    return _remember_view(request, response)
