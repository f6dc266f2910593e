"""The inbox: conversations waiting for a person, with channel, language, waiting time and
unread count; the console's home screen (or the sign-in form)."""

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.conversations import assignment
from api.conversations import service as conversations
from api.core.deps import SessionDep
from api.core.schemas import as_utc
from api.core.time import utcnow
from desk.console.pages.signin import sign_in_screen
from desk.console.web import ConsoleStaff, MaybeSignedIn, Screen, render

router = APIRouter(prefix="/console")
CHANNELS = {"line": "LINE", "telegram": "Telegram", "web": "Web"}


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


async def inbox_items(db: AsyncSession) -> list[InboxItem]:
    found = await conversations.handed_off_with_citizens(db)
    ids = [c.id for c, _ in found]
    unread = await conversations.unread_counts(db, ids)
    holders = await assignment.assignees(db, ids)
    now = utcnow()
    return [
        InboxItem(
            id=conversation.id,
            channel=citizen.channel,
            channel_label=CHANNELS.get(citizen.channel, citizen.channel),
            citizen_label=conversations.citizen_label(citizen),
            language=citizen.language,
            unread=unread.get(conversation.id, 0),
            waiting_minutes=_minutes_since(conversation.handoff_at, now),
            last_message_at=conversation.last_message_at,
            assignee=holders[conversation.id].display_name if conversation.id in holders else None,
        )
        for conversation, citizen in found
    ]


def _minutes_since(moment: datetime | None, now: datetime) -> int:
    return int((now - as_utc(moment)).total_seconds() // 60) if moment else 0


@router.get("")
async def home(request: Request, db: SessionDep, who: MaybeSignedIn) -> Response:
    """Staff: the inbox with nothing selected; anyone else: the sign-in form."""
    if who is None:
        return sign_in_screen(request)
    screen = Screen(request, who)
    return render(screen, "desk.html", {"items": await inbox_items(db), "selected": False})


@router.get("/inbox")
async def inbox_list(request: Request, db: SessionDep, who: ConsoleStaff) -> Response:
    """Staff: the inbox list alone (htmx refreshes it on every live event)."""
    screen = Screen(request, who)
    return render(screen, "partials/inbox.html", {"items": await inbox_items(db)})
