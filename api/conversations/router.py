"""Conversation endpoints: the bot's handoff request and the staff handoff console."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.cases import service as cases
from api.cases import views as case_views
from api.cases.schemas import StaffCaseRead
from api.citizens import service as citizens
from api.conversations import canned, inbox, notes, service, staffing
from api.conversations.inbox import InboxView
from api.conversations.models import Conversation
from api.conversations.office_hours import office_hours
from api.conversations.schemas import (
    AssignmentRead,
    AssignRequest,
    CannedReplyRead,
    ConversationRead,
    ConversationSummary,
    DeliveryCounts,
    HandoffRead,
    HandoffRequest,
    MessageRead,
    StaffReplyCreate,
)
from api.core.deps import BotSender, SessionDep, SettingsDep
from api.core.schemas import errors
from api.core.time import utcnow
from api.staff.deps import CurrentStaff

bot_router = APIRouter(prefix="/api/bot", tags=["bot"])
console_router = APIRouter(prefix="/api/conversations", tags=["handoff console"])


@bot_router.post("/handoff", response_model=HandoffRead)
async def request_handoff(
    body: HandoffRequest, session: SessionDep, settings: SettingsDep, sender: BotSender
) -> HandoffRead:
    """Action server only: the citizen asked for a person; route their messages to staff."""
    conversation = await service.for_sender(session, sender)
    service.start_handoff(conversation, body.reason, bot_until_taken=body.bot_until_taken)
    # Out of hours the citizen learns at once when a person will answer.
    await notes.tell_when_to_expect(
        session, conversation, office_hours(settings.timezone), utcnow()
    )
    return HandoffRead(conversation_id=conversation.id, handoff_active=True)


@console_router.get("", response_model=list[ConversationRead])
async def list_handed_off(session: SessionDep, _staff: CurrentStaff) -> list[Conversation]:
    """Staff: conversations handed to staff, most recently active first."""
    return list(await service.handed_off(session))


@console_router.get("/inbox", response_model=list[ConversationSummary], responses=errors(401))
async def inbox_list(
    session: SessionDep,
    settings: SettingsDep,
    staff: CurrentStaff,
    view: InboxView = InboxView.ALL,
) -> list[ConversationSummary]:
    """Staff: conversations waiting for a person and why (mine / unassigned / all), or those
    the bot holds (`bot`: candidates for a take-over)."""
    found = await inbox.entries(
        session, view=view, staff_id=staff.id, hours=office_hours(settings.timezone), now=utcnow()
    )
    return [
        ConversationSummary(
            id=entry.conversation.id,
            channel=entry.citizen.channel,
            citizen_label=service.citizen_label(entry.citizen),
            language=entry.citizen.language,
            handoff_reason=entry.conversation.handoff_reason,
            handoff_at=entry.conversation.handoff_at,
            last_message_at=entry.conversation.last_message_at,
            unread=entry.unread,
            handoff_active=entry.conversation.handoff_active,
            reason=entry.reason,
            assignee_id=entry.assignee.id if entry.assignee else None,
            assignee_name=entry.assignee.display_name if entry.assignee else None,
            unanswered=entry.unanswered,
        )
        for entry in found
    ]


@console_router.get(
    "/{conversation_id}/cases", response_model=list[StaffCaseRead], responses=errors(401, 404)
)
async def citizen_cases(
    conversation_id: int, session: SessionDep, _staff: CurrentStaff
) -> list[StaffCaseRead]:
    """Staff: the conversation's citizen's cases, newest first, with status labels."""
    conversation = await service.get(session, conversation_id)
    citizen = await citizens.get_by_id(session, conversation.citizen_id)
    found = await cases.list_for_citizen(session, citizen=citizen)
    return await case_views.for_staff(session, cases=found)


@console_router.get("/{conversation_id}/messages", response_model=list[MessageRead])
async def read_messages(
    conversation_id: int,
    session: SessionDep,
    _staff: CurrentStaff,
    after: Annotated[int, Query(ge=0)] = 0,
) -> list[MessageRead]:
    """Staff: the thread, oldest first; `after` fetches only what is new."""
    conversation = await service.get(session, conversation_id)
    found = await service.messages_after(session, conversation, after_id=after)
    return [MessageRead.model_validate(m) for m in found]


@console_router.post(
    "/{conversation_id}/messages",
    response_model=MessageRead,
    status_code=201,
)
async def reply(
    conversation_id: int, body: StaffReplyCreate, session: SessionDep, staff: CurrentStaff
) -> MessageRead:
    """Staff: answer the citizen; it is pushed through the citizen's own channel."""
    conversation = await service.get(session, conversation_id)
    message = await service.add_staff_reply(
        session, conversation=conversation, text=body.text.strip(), staff_id=staff.id
    )
    return MessageRead.model_validate(message)


@console_router.post("/{conversation_id}/handoff", response_model=AssignmentRead)
async def take_over(
    conversation_id: int, session: SessionDep, settings: SettingsDep, staff: CurrentStaff
) -> AssignmentRead:
    """Staff: take the conversation (over from the bot, if it still holds it): the bot stays
    silent for this citizen until handed back; the citizen is told a person has joined."""
    conversation = await service.get(session, conversation_id)
    await staffing.take(
        session,
        conversation=conversation,
        staff_id=staff.id,
        hours=office_hours(settings.timezone),
        now=utcnow(),
    )
    return AssignmentRead(
        conversation_id=conversation.id, handoff_active=True, assignee_id=staff.id
    )


@console_router.post(
    "/{conversation_id}/take", response_model=AssignmentRead, responses=errors(401, 404, 409)
)
async def take(
    conversation_id: int, session: SessionDep, settings: SettingsDep, staff: CurrentStaff
) -> AssignmentRead:
    """Staff: take the conversation; 409 when a colleague holds it (assign it instead)."""
    return await take_over(conversation_id, session, settings, staff)


@console_router.post(
    "/{conversation_id}/assign", response_model=AssignmentRead, responses=errors(401, 404)
)
async def assign(
    conversation_id: int,
    body: AssignRequest,
    session: SessionDep,
    settings: SettingsDep,
    staff: CurrentStaff,
) -> AssignmentRead:
    """Staff: give the conversation to a colleague (404 for no active staff member)."""
    conversation = await service.get(session, conversation_id)
    await staffing.assign(
        session,
        conversation=conversation,
        staff_id=body.staff_id,
        by=staff.id,
        hours=office_hours(settings.timezone),
        now=utcnow(),
    )
    return AssignmentRead(
        conversation_id=conversation.id, handoff_active=True, assignee_id=body.staff_id
    )


@console_router.post("/{conversation_id}/release", response_model=AssignmentRead)
async def release(
    conversation_id: int, session: SessionDep, _staff: CurrentStaff
) -> AssignmentRead:
    """Staff: let go of the conversation; it stays handed off, unassigned."""
    conversation = await service.get(session, conversation_id)
    await staffing.release(session, conversation=conversation)
    return AssignmentRead(
        conversation_id=conversation.id,
        handoff_active=conversation.handoff_active,
        assignee_id=None,
    )


@console_router.post("/{conversation_id}/handback", response_model=HandoffRead)
async def hand_back(conversation_id: int, session: SessionDep, _staff: CurrentStaff) -> HandoffRead:
    """Staff: give the conversation back to the bot."""
    conversation = await service.get(session, conversation_id)
    await staffing.hand_back(session, conversation=conversation)
    return HandoffRead(conversation_id=conversation.id, handoff_active=False)


@console_router.get("/{conversation_id}/canned", response_model=list[CannedReplyRead])
async def canned_replies(
    conversation_id: int, session: SessionDep, _staff: CurrentStaff
) -> list[CannedReplyRead]:
    """Staff: canned replies in the citizen's language, filled from their newest case."""
    conversation = await service.get(session, conversation_id)
    citizen = await citizens.get_by_id(session, conversation.citizen_id)
    offered, _ = await canned.offered(session, citizen)
    language = citizen.language
    return [
        CannedReplyRead(
            key=reply.key,
            title=reply.title.pick(language),
            text=await canned.filled(session, key=reply.key, citizen=citizen, language=language),
        )
        for reply in offered
    ]


@console_router.get("/{conversation_id}/deliveries", response_model=DeliveryCounts)
async def deliveries(
    conversation_id: int, session: SessionDep, _staff: CurrentStaff
) -> DeliveryCounts:
    """Staff: how the bot's and staff's messages went out (LINE pushes cost money)."""
    await service.get(session, conversation_id)
    return DeliveryCounts(**await service.delivery_counts(session, conversation_id))


# api/routes.py mounts this one router.
router = APIRouter()
router.include_router(bot_router)
router.include_router(console_router)
