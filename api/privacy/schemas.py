"""What the privacy routes read and return; the export holds everything the desk keeps."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.core.schemas import UtcDatetime
from api.privacy.models import ErasureReason


class _Rows(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ExportCitizen(_Rows):
    id: int
    channel: str
    channel_user_id: str
    language: str
    display_name: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    created_at: UtcDatetime


class ExportMessage(_Rows):
    id: int
    created_at: UtcDatetime
    direction: str
    author: str
    status: str
    language: str
    text: str
    payload: dict[str, Any]


class ExportCaseEvent(_Rows):
    created_at: UtcDatetime
    from_status: str | None
    to_status: str
    actor_kind: str
    note: str | None


class ExportEvidence(_Rows):
    created_at: UtcDatetime
    kind: str
    content_type: str
    size: int
    name: str | None


class ExportBooking(_Rows):
    created_at: UtcDatetime
    slot_id: int
    status: str
    cancel_reason: str | None
    reschedule_reason: str | None


class ExportCase(_Rows):
    number: str
    status: str
    category: str
    business_name: str
    business_address: str | None
    description: str
    purchase_date: date | None
    amount: int | None
    desired_remedy: str | None
    complained_to_business: bool | None
    created_at: UtcDatetime
    events: list[ExportCaseEvent] = []
    evidence: list[ExportEvidence] = []
    bookings: list[ExportBooking] = []


class ExportNotification(_Rows):
    created_at: UtcDatetime
    kind: str
    status: str
    text_zh: str
    text_en: str


class ExportChange(_Rows):
    created_at: UtcDatetime
    subject: str
    field: str
    old_value: str | None
    new_value: str | None


class CitizenExport(BaseModel):
    """Everything the desk and its Rasa tracker store hold about one citizen (PDPA Art. 3)."""

    exported_at: UtcDatetime
    citizen: ExportCitizen
    messages: list[ExportMessage]
    cases: list[ExportCase]
    notifications: list[ExportNotification]
    changes: list[ExportChange]
    tracker_events: list[dict[str, Any]]


class ErasureCreate(BaseModel):
    # Why: the citizen's request as staff recorded it (no personal data, e.g. "phone request").
    reason: str = Field(min_length=3, max_length=200)


class ErasureRead(_Rows):
    id: int
    citizen_id: int
    reason: ErasureReason
    staff_id: int | None
    messages: int
    evidence_files: int
    tracker_events: int
    cases: int
    created_at: UtcDatetime


class CaseCount(BaseModel):
    category: str
    status: str
    cases: int


class Statistics(BaseModel):
    """Anonymous counts that outlive erasure: cases per category and stage, erasures per
    reason."""

    cases: list[CaseCount]
    erasures: dict[str, int]
