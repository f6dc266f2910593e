"""Shared schema pieces: the error body (documented once for OpenAPI), UTC datetimes."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel


class ErrorRead(BaseModel):
    error: str
    message: str
    detail: dict[str, Any] | None = None


_DESCRIPTIONS = {
    401: "Not authenticated",
    403: "Role not allowed",
    404: "Not found (or not yours)",
    409: "Conflicts with the current state",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each listed status documented with ErrorRead."""
    return {code: {"model": ErrorRead, "description": _DESCRIPTIONS[code]} for code in codes}


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC, so say so."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
