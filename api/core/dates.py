"""Dates and moments as citizens read them, in both languages, on the desk's local clock."""

from datetime import date, datetime

from api.core.time import as_local
from textkit.bilingual import Bilingual


def day(value: date) -> Bilingual:
    """`2026/3/9` and `2026-03-09`."""
    return Bilingual(f"{value.year}/{value.month}/{value.day}", value.isoformat())


def moment(value: datetime) -> Bilingual:
    """`3/9 14:00` and `Mon 09 Mar 2026, 14:00`, local time."""
    local = as_local(value)
    return Bilingual(f"{local.month}/{local.day} {local:%H:%M}", f"{local:%a %d %b %Y, %H:%M}")
