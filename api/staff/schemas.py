from pydantic import BaseModel, ConfigDict, Field

from api.core.schemas import UtcDatetime
from api.core.strict import Bool
from api.staff.models import StaffRole


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class StaffRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    role: StaffRole
    active: bool
    created_at: UtcDatetime


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    csrf_token: str = Field(description="Send as X-CSRF-Token when calling with the cookie")
    staff: StaffRead


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=12, max_length=200)


class StaffCreate(BaseModel):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    display_name: str = Field(min_length=1, max_length=100)
    role: StaffRole
    password: str = Field(min_length=12, max_length=200)


class StaffUpdate(BaseModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    role: StaffRole | None = None
    active: Bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=200)
