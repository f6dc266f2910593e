"""A hundred citizens, each with a case waiting for mediation, want the one free seat of a
session at the same moment, on PostgreSQL through both desk workers: exactly one booking,
no 5xx, every other one refused plainly. Once as the action server sends the bookings (all
at once: the seat's row lock is what holds), once as the citizens tap the seat on LINE —
through both Rasa servers and the action server — and read the answer."""

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session

from api.cases.models import Case, CaseStatus
from api.core.time import utcnow
from api.mediation.models import MediationBooking, MediationSlot
from api.registry import Base  # noqa: F401  (every model mapped before the first query)
from scripts.stack import Stack
from tests.api.conftest import INTAKE
from tests.fixtures.channels import ChannelFakes
from tests.production.line_citizens import Citizens, send, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.production]
CITIZENS = 100
OFFERED = "可預約的調解時段"  # actions/mediation.py FREE_SLOTS
BOOKED = "已為案件"  # actions/mediation.py BOOKED
REFUSED = "這個時段無法預約"  # utter_booking_failed (nlu/domain/mediation_status.yml)
UNAVAILABLE = "系統暫時無法連線"  # utter_api_unavailable: the API failed (5xx) or was unreachable
SERVER_ERROR = re.compile(r'"[A-Z]+ /\S* HTTP/1\.1" 5\d\d')  # uvicorn's access log


@contextmanager
def database(stack: Stack) -> Iterator[Session]:
    engine = create_engine(stack.config.sync_database_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


async def cases_waiting_for_mediation(stack: Stack, users: list[str]) -> dict[str, str]:
    """Each LINE user files a case (as the action server would), which staff then moved to
    "mediation requested"; the case number per user."""
    limit = asyncio.Semaphore(10)
    async with httpx.AsyncClient(base_url=stack.desk_url, timeout=60) as client:

        async def file(user: str) -> str:
            async with limit:
                headers = stack.bot_headers(f"line:{user}")
                response = await client.post("/api/bot/cases", json=INTAKE, headers=headers)
            assert response.status_code == 201, response.text
            return str(response.json()["number"])

        numbers = dict(zip(users, await asyncio.gather(*(file(u) for u in users)), strict=True))
    with database(stack) as db:
        moved = update(Case).where(Case.number.in_(list(numbers.values())))
        db.execute(moved.values(status=CaseStatus.MEDIATION_REQUESTED))
        db.commit()
    return numbers


def one_seat(stack: Stack, location: str) -> int:
    starts_at = utcnow().replace(microsecond=0) + timedelta(days=3)
    with database(stack) as db:
        slot = MediationSlot(
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), location=location,
            mediator="示範調解委員", capacity=1, booked_count=0, created_at=utcnow(),
        )  # fmt: skip
        db.add(slot)
        db.commit()
        return slot.id


def seat_taken(stack: Stack, slot_id: int, numbers: list[str]) -> tuple[int, list[str], int]:
    """The slot's booked count, its bookings' statuses, how many of the cases are scheduled."""
    with database(stack) as db:
        booked = db.scalar(select(MediationSlot.booked_count).where(MediationSlot.id == slot_id))
        statuses = db.scalars(
            select(MediationBooking.status).where(MediationBooking.slot_id == slot_id)
        ).all()
        scheduled = db.scalar(
            select(func.count()).where(
                Case.status == CaseStatus.MEDIATION_SCHEDULED, Case.number.in_(numbers)
            )
        )
    return int(booked or 0), [str(s) for s in statuses], int(scheduled or 0)


def desk_log_since(stack: Stack, offset: int) -> str:
    """What the desk workers logged (their access log included) after `offset` bytes."""
    with (stack.config.log_dir / "desk.log").open("rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")


def said(citizens: Citizens, user: str, words: str) -> bool:
    return any(words in line for line in citizens.texts(user))


async def test_a_hundred_simultaneous_bookings_of_one_seat_leave_one(
    private_stack: Stack,
) -> None:
    stack = private_stack
    users = [f"Urace{i:04d}".ljust(33, "0") for i in range(CITIZENS)]
    numbers = await cases_waiting_for_mediation(stack, users)
    slot_id = one_seat(stack, "調解室A")
    async with httpx.AsyncClient(base_url=stack.desk_url, timeout=120) as client:

        async def book(user: str) -> httpx.Response:
            body = {"case_number": numbers[user], "slot_id": slot_id}
            headers = stack.bot_headers(f"line:{user}")
            return await client.post("/api/bot/mediation/bookings", json=body, headers=headers)

        responses = await asyncio.gather(*(book(u) for u in users))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * (CITIZENS - 1), codes
    refusals = {r.json()["message"] for r in responses if r.status_code == 409}
    assert refusals == {"this session is full"}, refusals
    assert seat_taken(stack, slot_id, list(numbers.values())) == (1, ["active"], 1)


async def test_a_hundred_citizens_tap_one_seat_on_line_and_one_gets_it(
    private_stack: Stack, channel_fakes: ChannelFakes
) -> None:
    stack = private_stack
    citizens = Citizens(channel_fakes.line, "seat", CITIZENS)
    users = citizens.users
    logged = (stack.config.log_dir / "desk.log").stat().st_size
    numbers = await cases_waiting_for_mediation(stack, users)
    slot_id = one_seat(stack, "調解室B")
    ask = {u: f'/book_mediation{{"case_number":"{numbers[u]}"}}' for u in users}
    await send(stack, citizens, users, ask, "ask")
    await wait_for(lambda: all(said(citizens, u, OFFERED) for u in users), 240, "the offers")

    tap = f'/choose_slot{{"slot_id":"{slot_id}"}}'
    await send(stack, citizens, users, tap, "tap")  # all at once

    def decided(user: str) -> bool:
        return said(citizens, user, BOOKED) or said(citizens, user, REFUSED)

    await wait_for(lambda: all(decided(u) for u in users), 240, "every citizen's answer")
    await asyncio.sleep(3)  # a late second answer would arrive within the worker's rounds
    winners = [u for u in users if said(citizens, u, BOOKED)]
    assert len(winners) == 1, winners
    assert all(said(citizens, u, REFUSED) for u in users if u not in winners)
    assert not [u for u in users if said(citizens, u, UNAVAILABLE)]
    assert SERVER_ERROR.findall(desk_log_since(stack, logged)) == []
    assert seat_taken(stack, slot_id, list(numbers.values())) == (1, ["active"], 1)
