"""Time helpers: store UTC, reason about deadlines in the desk's time zone (`TIMEZONE`)."""

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from api.core.config import get_settings


def utcnow() -> datetime:
    return datetime.now(UTC)


@lru_cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    """The desk's time zone, from the `timezone` setting (Asia/Taipei by default)."""
    return _zone(get_settings().timezone)


def as_local(value: datetime) -> datetime:
    """A stored instant on the local clock (a naive value is UTC: SQLite drops offsets)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(local_zone())


def local_today(now: datetime | None = None) -> date:
    """Today's date on the local calendar (deadlines are counted in local days)."""
    return as_local(now or utcnow()).date()
