from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.core.schemas import UtcDatetime


class HandoffRequest(BaseModel):
    reason: str | None = Field(default=None, max_length=200)
    bot_until_taken: bool = Field(
        default=False,
        description="The bot goes on answering (a form in progress) until staff takes over",
    )


class HandoffRead(BaseModel):
    conversation_id: int
    handoff_active: bool


class ConversationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    citizen_id: int
    handoff_active: bool
    handoff_reason: str | None
    handoff_at: UtcDatetime | None
    last_message_at: UtcDatetime | None


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    direction: str
    author: str
    status: str
    language: str
    text: str
    payload: dict[str, Any]
    delivery: str | None
    failure_reason: str | None = None
    staff_id: int | None
    created_at: UtcDatetime


class StaffReplyCreate(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class DeliveryCounts(BaseModel):
    """Replies are free on LINE; pushes cost money."""

    reply: int = 0
    push: int = 0
    web: int = 0


class ConversationSummary(BaseModel):
    """A handed-off conversation as the console lists it (staff only: names are personal data)."""

    id: int
    channel: str
    citizen_label: str = Field(description="Display name, or the masked channel id")
    language: str
    handoff_reason: str | None
    handoff_at: UtcDatetime | None
    last_message_at: UtcDatetime | None
    unread: int = Field(description="Citizen messages for staff since the last staff reply")
    handoff_active: bool = True
    reason: str = Field(
        default="asked", description="asked, bot_failed, new_message, answered or bot"
    )
    assignee_id: int | None = None
    assignee_name: str | None = None
    unanswered: bool = Field(default=False, description="Nobody answered within office hours")


class AssignRequest(BaseModel):
    staff_id: int


class AssignmentRead(BaseModel):
    conversation_id: int
    handoff_active: bool
    assignee_id: int | None


class CannedReplyRead(BaseModel):
    """A canned reply in the citizen's language, placeholders filled from their newest case."""

    key: str
    title: str
    text: str
