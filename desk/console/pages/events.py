"""Live events for the open console (server-sent events, htmx's SSE extension).

Every few seconds a short read of the inbox's state; when it changed, an `inbox` event
whose data is the number of conversations with unread messages (the tab title shows it).
Polling the database keeps every desk worker right without a broker; production can
put Redis pub/sub behind the same event."""

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conversations import service as conversations
from api.conversations.assignment import ConversationAssignment
from api.conversations.models import Conversation, Message, MessageStatus
from api.core.db import session_scope
from api.core.errors import DeskError
from api.staff import sessions
from api.staff.security import COOKIE_NAME
from desk.console.web import console_staff

router = APIRouter(prefix="/console")
TICK_SECONDS = 2.0
KEEPALIVE_TICKS = 10


async def inbox_state(db: AsyncSession) -> tuple[object, int]:
    """(what changes whenever the inbox or a thread does, conversations with unread)."""
    handed_off = Conversation.handoff_active.is_(True)
    in_flight = Message.status.in_([MessageStatus.QUEUED, MessageStatus.SENDING])
    query = select(
        select(func.max(Message.id)).scalar_subquery(),
        # A file stored after its message, a delivery sent or failed: the thread redraws.
        select(func.max(Conversation.last_message_at)).scalar_subquery(),
        select(func.count()).where(in_flight).scalar_subquery(),
        select(func.count()).where(Message.status == MessageStatus.FAILED).scalar_subquery(),
        select(func.count()).where(handed_off).scalar_subquery(),
        select(func.max(Conversation.handoff_at)).scalar_subquery(),
        select(func.max(ConversationAssignment.assigned_at)).scalar_subquery(),
        select(func.count(ConversationAssignment.id)).scalar_subquery(),
    )
    version = tuple((await db.execute(query)).one())
    waiting = [c.id for c in await conversations.handed_off(db)]
    unread = await conversations.unread_counts(db, waiting)
    return version, sum(1 for n in unread.values() if n)


async def _still_signed_in(db: AsyncSession, token: str) -> bool:
    try:
        await sessions.resolve(db, token)
    except DeskError:
        return False
    return True


async def _events(
    request: Request, maker: async_sessionmaker[AsyncSession], token: str
) -> AsyncIterator[str]:
    last: object = None
    ticks = 0
    while not await request.is_disconnected():
        async with session_scope(maker) as db:
            if not await _still_signed_in(db, token):
                yield "event: signed-out\ndata: 0\n\n"
                return
            version, unread = await inbox_state(db)
        if version != last:
            last, ticks = version, 0
            yield f"event: inbox\ndata: {unread}\n\n"
        elif (ticks := ticks + 1) % KEEPALIVE_TICKS == 0:
            yield ": keep-alive\n\n"
        await asyncio.sleep(TICK_SECONDS)


@router.get("/events")
async def events(request: Request) -> StreamingResponse:
    """Staff: the live event stream; it ends when the session does. No request-long
    database session: on SQLite an open transaction would hold the write lock."""
    maker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with session_scope(maker) as db:
        await console_staff(request, db)
    token = request.cookies.get(COOKIE_NAME, "")
    stream = _events(request, maker, token)
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)
