"""A unit of work that lost the database (restarted) is tried again until it is back;
any other database error stands at once (api/core/db.py retry_disconnects)."""

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from api.core.db import retry_disconnects


class Flaky:
    """Fails with `error` the first `failures` times, then answers."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures, self.error, self.calls = failures, error, 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "stored"


def lost_connection() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))


async def test_work_is_repeated_while_the_database_is_unreachable() -> None:
    work = Flaky(3, lost_connection())
    assert await retry_disconnects(work, seconds=10) == "stored"
    assert work.calls == 4


async def test_other_database_errors_are_not_repeated() -> None:
    work = Flaky(1, IntegrityError("INSERT", {}, Exception("duplicate key")))
    with pytest.raises(IntegrityError):
        await retry_disconnects(work, seconds=10)
    assert work.calls == 1


async def test_a_database_that_stays_away_fails_the_work_in_the_end() -> None:
    work = Flaky(1000, lost_connection())
    with pytest.raises(OperationalError):
        await retry_disconnects(work, seconds=0.6)
    assert 1 < work.calls < 10
