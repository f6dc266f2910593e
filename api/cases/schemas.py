from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.cases.models import CaseCategory, CaseStatus, RejectionReason
from api.citizens.privacy import normalize_phone
from api.citizens.schemas import CitizenRead
from api.core.actors import ActorKind
from api.core.schemas import UtcDatetime
from api.core.strict import Bool, IsoDate
from api.core.time import local_today


class CaseIntake(BaseModel):
    """A first complaint as the bot collects it (fields of the official complaint form)."""

    business_name: str = Field(min_length=1, max_length=200)
    business_address: str | None = Field(default=None, max_length=300)
    category: CaseCategory
    description: str = Field(min_length=1, max_length=5000)
    purchase_date: IsoDate | None = None
    amount: int | None = Field(default=None, ge=0, le=100_000_000, description="NTD")
    desired_remedy: str | None = Field(default=None, max_length=2000)
    contact_name: str = Field(min_length=1, max_length=100)
    contact_phone: str = Field(max_length=30, examples=["0912345678"])
    complained_to_business: Bool | None = None

    @field_validator("business_name", "description", "contact_name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("contact_phone")
    @classmethod
    def _taiwan_phone(cls, value: str) -> str:
        return normalize_phone(value)

    @field_validator("purchase_date")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > local_today():
            raise ValueError("purchase date cannot be in the future")
        return value


class BotCaseRead(BaseModel):
    """A case as its own citizen sees it through the bot (no personal data)."""

    number: str = Field(examples=["KHH-2026-000123"])
    status: CaseStatus
    status_label_zh: str
    status_label_en: str
    business_name: str
    category: CaseCategory
    amount: int | None
    created_at: UtcDatetime
    due_date: date | None = Field(description="Business reply due (Art. 43 II), if forwarded")
    next_step_zh: str
    next_step_en: str
    can_book_mediation: bool


class StaffCaseRead(BaseModel):
    """A case in a staff list (the console's citizen pane): stage, deadlines, next step.

    Contact details stay in `CaseDetail`, read only when a staff member opens the case."""

    id: int
    number: str = Field(examples=["KHH-2026-000123"])
    status: CaseStatus
    status_label_zh: str
    status_label_en: str
    category: CaseCategory
    business_name: str
    amount: int | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    business_due_date: date | None
    objection_due_date: date | None
    next_step_zh: str
    next_step_en: str


class CaseEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    from_status: CaseStatus | None
    to_status: CaseStatus
    actor_kind: ActorKind
    staff_id: int | None
    note: str | None
    created_at: UtcDatetime


class CaseRead(BaseModel):
    """A case as staff see it, contact details included."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    status: CaseStatus
    category: CaseCategory
    business_name: str
    business_address: str | None
    description: str
    purchase_date: date | None
    amount: int | None
    desired_remedy: str | None
    complained_to_business: bool | None
    first_complaint_date: date
    business_due_date: date | None
    objection_due_date: date | None
    rejection_reason: RejectionReason | None
    business_reply_date: date | None = None
    assigned_officer_id: int | None = None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    citizen: CitizenRead


class CaseDetail(CaseRead):
    events: list[CaseEventRead]


class TransitionRequest(BaseModel):
    to_status: CaseStatus
    note: str | None = Field(default=None, max_length=2000)
    rejection_reason: RejectionReason | None = None

    @model_validator(mode="after")
    def _reason_only_for_rejection(self) -> Self:
        if (self.to_status == CaseStatus.REJECTED) != (self.rejection_reason is not None):
            raise ValueError("rejection_reason is required for, and only for, to_status=rejected")
        return self


class OverdueRead(BaseModel):
    """A deadline that has passed: the business's reply, or the objection window."""

    kind: str = Field(examples=["business_reply", "mediation_objection"])
    due_date: date
    days_overdue: int
    case: CaseRead


class CaseUpdate(BaseModel):
    """Staff corrections to the complaint form; every field optional."""

    business_name: str | None = Field(default=None, min_length=1, max_length=200)
    business_address: str | None = Field(default=None, max_length=300)
    category: CaseCategory | None = None
    description: str | None = Field(default=None, min_length=1, max_length=5000)
    purchase_date: IsoDate | None = None
    amount: int | None = Field(default=None, ge=0, le=100_000_000)
    desired_remedy: str | None = Field(default=None, max_length=2000)


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    content_type: str
    size: int
    name: str | None
    created_at: UtcDatetime


class BusinessReplyCreate(BaseModel):
    """The business answered the first complaint on `replied_on` (case: forwarded)."""

    replied_on: IsoDate
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("replied_on")
    @classmethod
    def _not_future(cls, value: date) -> date:
        if value > local_today():
            raise ValueError("the reply date cannot be in the future")
        return value


class NoteCreate(BaseModel):
    """An internal note: staff only, never sent to the citizen."""

    note: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class ContactUpdate(BaseModel):
    """Staff corrections of the citizen's contact details; only what is sent changes."""

    contact_name: str | None = Field(default=None, min_length=1, max_length=100)
    contact_phone: str | None = Field(default=None, max_length=30)
    contact_email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")

    @field_validator("contact_name")
    @classmethod
    def _name_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return value.strip() if value else value

    @field_validator("contact_phone")
    @classmethod
    def _taiwan_phone(cls, value: str | None) -> str | None:
        return normalize_phone(value) if value else value


class OfficerAssign(BaseModel):
    """Who works the case: an officer's (or admin's) staff id, or null to unassign."""

    staff_id: int | None


class CaseFilter(BaseModel):
    """The staff case list's filters (all optional); `q` is a case number or business name."""

    status: CaseStatus | None = None
    category: CaseCategory | None = None
    overdue: bool = False
    officer_id: int | None = None
    business: str | None = Field(default=None, max_length=200)
    q: str | None = Field(default=None, max_length=200)
