"""When the office answers: the opening hours staff work (in settings.timezone), and the
desk's limits for handed-off conversations.

Configured by `settings.office` (OFFICE_DAYS, OFFICE_OPENS, OFFICE_CLOSES,
HANDOFF_UNANSWERED_MINUTES, HANDOFF_IDLE_MINUTES; api/core/config_groups.py)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from api.core.config import get_settings
from api.core.schemas import as_utc

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OfficeHours:
    days: frozenset[int]  # Monday = 0
    opens: time
    closes: time
    zone: ZoneInfo
    unanswered_after: timedelta
    idle_after: timedelta

    def is_open(self, moment: datetime) -> bool:
        local = as_utc(moment).astimezone(self.zone)
        return local.weekday() in self.days and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The next time the office opens after `moment` (local time)."""
        local = as_utc(moment).astimezone(self.zone)
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            opening = datetime.combine(day, self.opens, tzinfo=self.zone)
            if day.weekday() in self.days and opening > local:
                return opening
        return local  # no office day at all: nothing better to promise

    def open_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much of [start, end) fell within office hours."""
        first, last = as_utc(start).astimezone(self.zone), as_utc(end).astimezone(self.zone)
        total, day = timedelta(), first.date()
        while day <= last.date() and total < timedelta(days=7):
            if day.weekday() in self.days:
                opening = datetime.combine(day, self.opens, tzinfo=self.zone)
                closing = datetime.combine(day, self.closes, tzinfo=self.zone)
                overlap = min(closing, last) - max(opening, first)
                total += max(overlap, timedelta())
            day += timedelta(days=1)
        return total


def _days(listed: str) -> frozenset[int]:
    names = [name.strip().lower()[:3] for name in listed.split(",") if name.strip()]
    return frozenset(DAY_NAMES.index(name) for name in names if name in DAY_NAMES)


@lru_cache
def office_hours(timezone: str) -> OfficeHours:
    settings = get_settings().office
    return OfficeHours(
        days=_days(settings.office_days),
        opens=settings.office_opens,
        closes=settings.office_closes,
        zone=ZoneInfo(timezone),
        unanswered_after=timedelta(minutes=settings.handoff_unanswered_minutes),
        idle_after=timedelta(minutes=settings.handoff_idle_minutes),
    )
