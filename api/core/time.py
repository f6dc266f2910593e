"""Time helpers: store UTC, reason about deadlines in the city's time zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today_taipei(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(TAIPEI).date()
