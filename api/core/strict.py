"""Strict input types where a lax parse would accept the wrong thing.

Pydantic's lax mode reads `0.5` as a Unix time and `0` as `false`: a query `?before=0.5`
would list sessions before 1970 and `{"active": 0}` would disable an account. Inputs that
the schema documents as a date-time, a date or a boolean take only that."""

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator, StrictBool

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def refuse_numbers(value: object) -> object:
    """Refuse numbers (and number-looking text) before pydantic reads them as Unix times."""
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and _NUMBER.fullmatch(value.strip())
    ):
        raise ValueError("must be an ISO 8601 value, e.g. 2026-03-09 or 2026-03-09T14:00:00+08:00")
    return value


IsoDatetime = Annotated[datetime, BeforeValidator(refuse_numbers)]
IsoDate = Annotated[date, BeforeValidator(refuse_numbers)]
Bool = StrictBool

__all__ = ["Bool", "IsoDate", "IsoDatetime"]
