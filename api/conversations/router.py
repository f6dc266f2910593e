"""Bot-facing conversation endpoints (the console's staff endpoints live beside them)."""

from fastapi import APIRouter

from api.conversations import service
from api.conversations.schemas import HandoffRead, HandoffRequest
from api.core.deps import BotSender, SessionDep

router = APIRouter(prefix="/api/bot", tags=["bot"])


@router.post("/handoff", response_model=HandoffRead)
async def request_handoff(
    body: HandoffRequest, session: SessionDep, sender: BotSender
) -> HandoffRead:
    """Action server only: the citizen asked for a person; route their messages to staff."""
    conversation = await service.for_sender(session, sender)
    service.start_handoff(conversation, body.reason)
    return HandoffRead(conversation_id=conversation.id, handoff_active=True)
