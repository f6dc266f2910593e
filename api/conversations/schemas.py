from pydantic import BaseModel, Field


class HandoffRequest(BaseModel):
    reason: str | None = Field(default=None, max_length=200)


class HandoffRead(BaseModel):
    conversation_id: int
    handoff_active: bool
