from pydantic import BaseModel, ConfigDict

from api.core.schemas import UtcDatetime


class AccessRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    staff_id: int
    action: str
    subject: str
    citizen_id: int | None
    created_at: UtcDatetime


class ChangeRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    staff_id: int
    citizen_id: int | None
    subject: str
    field: str
    old_value: str | None
    new_value: str | None
    created_at: UtcDatetime
