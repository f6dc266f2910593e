"""What the conversation pane shows, gathered once for every screen that redraws it: the
transcript, who holds it, the citizen's cases and bookings, colleagues, canned replies."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import service as cases
from api.cases import views as case_views
from api.citizens import service as citizens
from api.conversations import assignment, canned
from api.conversations import service as conversations
from api.mediation import service as mediation
from api.staff import service as staff_service
from api.staff.deps import SignedIn
from desk.console.pages.inbox import CHANNELS, inbox_context
from desk.console.web import Screen, render

TRANSCRIPT_LIMIT = 500


async def thread_context(db: AsyncSession, conversation_id: int) -> dict[str, Any]:
    """The transcript and its head (channel, citizen, who holds it)."""
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
        "channels": CHANNELS,
        "messages": [m for m in messages if m.text or m.payload.get("attachments")],
    }


async def pane_context(db: AsyncSession, conversation_id: int, who: SignedIn) -> dict[str, Any]:
    """The transcript plus what sits beside it and the tools to work it."""
    context = await thread_context(db, conversation_id)
    citizen = context["citizen"]
    found = await cases.list_for_citizen(db, citizen=citizen)
    offered, _ = await canned.offered(db, citizen)
    colleagues = [s for s in await staff_service.list_all(db) if s.active and s.id != who.staff.id]
    return context | {
        "cases": await case_views.for_bot(db, cases=found),
        "bookings": await mediation.bookings_with_slots(db, citizen=citizen, active_only=True),
        "canned": offered,
        "colleagues": colleagues,
    }


async def render_pane(
    request: Request, db: AsyncSession, who: SignedIn, conversation_id: int, *, error: str = ""
) -> Response:
    """The pane, with the inbox redrawn beside it (it changed: taken, assigned …); `error`
    says why a move was not made."""
    context = await pane_context(db, conversation_id, who) | {"error": error}
    context |= await inbox_context(db, request, who)
    return render(Screen(request, who), "partials/pane_and_inbox.html", context)
