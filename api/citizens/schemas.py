from pydantic import BaseModel, ConfigDict


class CitizenRead(BaseModel):
    """A citizen as staff see it on a case (personal data: staff only)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    language: str
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
