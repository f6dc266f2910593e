"""Conversation endpoints: the bot's handoff request and the staff handoff console."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.cases import service as cases
from api.cases import views as case_views
from api.cases.schemas import StaffCaseRead
from api.citizens import service as citizens
from api.conversations import service
from api.conversations.models import Conversation
from api.conversations.schemas import (
    ConversationRead,
    ConversationSummary,
    DeliveryCounts,
    HandoffRead,
    HandoffRequest,
    MessageRead,
    StaffReplyCreate,
)
from api.core.deps import BotSender, SessionDep
from api.core.schemas import errors
from api.staff.deps import CurrentStaff

bot_router = APIRouter(prefix="/api/bot", tags=["bot"])
console_router = APIRouter(prefix="/api/conversations", tags=["handoff console"])


@bot_router.post("/handoff", response_model=HandoffRead)
async def request_handoff(
    body: HandoffRequest, session: SessionDep, sender: BotSender
) -> HandoffRead:
    """Action server only: the citizen asked for a person; route their messages to staff."""
    conversation = await service.for_sender(session, sender)
    service.start_handoff(conversation, body.reason)
    return HandoffRead(conversation_id=conversation.id, handoff_active=True)


@console_router.get("", response_model=list[ConversationRead])
async def list_handed_off(session: SessionDep, _staff: CurrentStaff) -> list[Conversation]:
    """Staff: conversations handed to staff, most recently active first."""
    return list(await service.handed_off(session))


@console_router.get("/inbox", response_model=list[ConversationSummary], responses=errors(401))
async def inbox(session: SessionDep, _staff: CurrentStaff) -> list[ConversationSummary]:
    """Staff: the console's list: handed-off conversations with channel, citizen and unread."""
    found = await service.handed_off_with_citizens(session)
    unread = await service.unread_counts(session, [c.id for c, _ in found])
    return [
        ConversationSummary(
            id=conversation.id,
            channel=citizen.channel,
            citizen_label=service.citizen_label(citizen),
            language=citizen.language,
            handoff_reason=conversation.handoff_reason,
            handoff_at=conversation.handoff_at,
            last_message_at=conversation.last_message_at,
            unread=unread.get(conversation.id, 0),
        )
        for conversation, citizen in found
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


@console_router.post("/{conversation_id}/handoff", response_model=HandoffRead)
async def take_over(
    conversation_id: int, body: HandoffRequest, session: SessionDep, _staff: CurrentStaff
) -> HandoffRead:
    """Staff: take the conversation over from the bot."""
    conversation = await service.get(session, conversation_id)
    service.start_handoff(conversation, body.reason or "taken over by staff")
    return HandoffRead(conversation_id=conversation.id, handoff_active=True)


@console_router.post("/{conversation_id}/handback", response_model=HandoffRead)
async def hand_back(conversation_id: int, session: SessionDep, _staff: CurrentStaff) -> HandoffRead:
    """Staff: give the conversation back to the bot."""
    conversation = await service.get(session, conversation_id)
    service.end_handoff(conversation)
    return HandoffRead(conversation_id=conversation.id, handoff_active=False)


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
