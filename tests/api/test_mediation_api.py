import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.time import local_today, utcnow
from api.mediation.models import MediationBooking, MediationSlot
from api.notifications.due import scan_due
from api.notifications.models import Notification
from tests.api.conftest import add_slot, file_case, move, set_business_due, to_mediation
from tests.fixtures.app import bot_headers

ALICE = bot_headers("line:Ualice")


async def _book(
    client: httpx.AsyncClient, sender: str, number: str, slot_id: int
) -> httpx.Response:
    return await client.post(
        "/api/bot/mediation/bookings",
        json={"case_number": number, "slot_id": slot_id},
        headers=bot_headers(sender),
    )


async def test_book_reschedule_and_cancel(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    number = await to_mediation(client, sessionmaker, officer, "line:Ualice")
    first, second = await add_slot(sessionmaker), await add_slot(sessionmaker, location="調解室B")
    case = (await client.get(f"/api/bot/cases/{number}", headers=ALICE)).json()
    assert case["can_book_mediation"] is True
    slots = await client.get(f"/api/bot/mediation/slots?case_number={number}", headers=ALICE)
    assert {s["id"] for s in slots.json()} == {first, second}
    assert "調解室A" in slots.json()[0]["label_zh"]
    booked = await _book(client, "line:Ualice", number, first)
    assert booked.status_code == 201
    booking_id = booked.json()["id"]
    case = (await client.get(f"/api/bot/cases/{number}", headers=ALICE)).json()
    assert (case["status"], case["can_book_mediation"]) == ("mediation_scheduled", False)
    assert (await _book(client, "line:Ualice", number, second)).status_code == 409
    moved = await client.post(
        f"/api/bot/mediation/bookings/{booking_id}/reschedule",
        json={"slot_id": second, "reason": "要上班"},
        headers=ALICE,
    )
    assert moved.status_code == 200 and moved.json()["slot"]["id"] == second
    mine = (await client.get("/api/bot/mediation/bookings", headers=ALICE)).json()
    assert [(b["id"], b["case_number"]) for b in mine] == [(booking_id, number)]
    cancelled = await client.post(
        f"/api/bot/mediation/bookings/{booking_id}/cancel", json={"reason": "已和解"}, headers=ALICE
    )
    assert cancelled.json()["status"] == "cancelled"
    assert (await client.get("/api/bot/mediation/bookings", headers=ALICE)).json() == []
    case = (await client.get(f"/api/bot/cases/{number}", headers=ALICE)).json()
    assert case["status"] == "mediation_requested"
    again = await client.post(
        f"/api/bot/mediation/bookings/{booking_id}/cancel", json={"reason": "x"}, headers=ALICE
    )
    assert again.status_code == 409
    async with sessionmaker() as session:
        counts = (await session.execute(select(MediationSlot.booked_count))).scalars().all()
    assert counts == [0, 0]


async def test_full_slot_and_wrong_stage_are_conflicts(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    slot_id = await add_slot(sessionmaker)
    alice = await to_mediation(client, sessionmaker, officer, "line:Ualice")
    bob = await to_mediation(client, sessionmaker, officer, "line:Ubob")
    assert (await _book(client, "line:Ualice", alice, slot_id)).status_code == 201
    full = await _book(client, "line:Ubob", bob, slot_id)
    assert full.status_code == 409 and "full" in full.json()["message"]
    early = (await file_case(client, "line:Ucarol"))["number"]
    assert (await _book(client, "line:Ucarol", early, slot_id)).status_code == 409
    slots = await client.get(
        f"/api/bot/mediation/slots?case_number={early}", headers=bot_headers("line:Ucarol")
    )
    assert slots.status_code == 409


async def test_citizens_cannot_touch_other_citizens_cases_or_bookings(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    slot_id = await add_slot(sessionmaker)
    other_slot = await add_slot(sessionmaker, location="調解室B")
    number = await to_mediation(client, sessionmaker, officer, "line:Ualice")
    mallory = bot_headers("telegram:666")
    assert (await _book(client, "telegram:666", number, slot_id)).status_code == 404
    slots = await client.get(f"/api/bot/mediation/slots?case_number={number}", headers=mallory)
    assert slots.status_code == 404
    booking_id = (await _book(client, "line:Ualice", number, slot_id)).json()["id"]
    for action, body in (
        ("reschedule", {"slot_id": other_slot, "reason": "x"}),
        ("cancel", {"reason": "x"}),
    ):
        response = await client.post(
            f"/api/bot/mediation/bookings/{booking_id}/{action}", json=body, headers=mallory
        )
        assert response.status_code == 404
    assert (await client.get("/api/bot/mediation/bookings", headers=mallory)).json() == []


async def test_staff_can_book_and_cancel_for_a_case(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    slot_id = await add_slot(sessionmaker)
    number = await to_mediation(client, sessionmaker, officer, "line:Ualice")
    booked = await client.post(
        "/api/mediation/bookings", json={"case_number": number, "slot_id": slot_id}, headers=officer
    )
    assert booked.status_code == 201 and booked.json()["slot"]["booked_count"] == 1
    cancelled = await client.post(
        f"/api/mediation/bookings/{booked.json()['id']}/cancel",
        json={"reason": "調解委員請假"},
        headers=officer,
    )
    assert cancelled.json()["cancel_reason"] == "調解委員請假"


async def test_fifty_simultaneous_bookings_on_one_seat_leave_exactly_one(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    slot_id = await add_slot(sessionmaker, capacity=1)
    senders = [f"telegram:{n}" for n in range(50)]
    numbers = [await to_mediation(client, sessionmaker, officer, s) for s in senders]
    responses = await asyncio.gather(
        *(_book(client, s, n, slot_id) for s, n in zip(senders, numbers, strict=True))
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 49
    async with sessionmaker() as session:
        bookings = (await session.execute(select(MediationBooking))).scalars().all()
        slot = await session.get_one(MediationSlot, slot_id)
    assert len(bookings) == 1 and slot.booked_count == 1


async def test_scan_emits_overdue_nudge_and_reminder_once(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    late = (await file_case(client, "line:Ubob"))["number"]
    await move(client, late, "forwarded", officer)
    await set_business_due(sessionmaker, late, local_today() - timedelta(days=1))
    number = await to_mediation(client, sessionmaker, officer, "line:Ualice")
    slot_id = await add_slot(sessionmaker, starts_in=timedelta(hours=20))
    assert (await _book(client, "line:Ualice", number, slot_id)).status_code == 201
    for expected in (2, 0):
        async with sessionmaker() as session:
            assert await scan_due(session, utcnow()) == expected
            await session.commit()
    async with sessionmaker() as session:
        notices = (await session.execute(select(Notification))).scalars().all()
    by_kind: dict[str, Notification] = {n.kind: n for n in notices if n.kind != "stage_changed"}
    nudge = by_kind["business_overdue"]
    assert late in nudge.text_zh and late in nudge.text_en
    assert nudge.buttons == [{"choice": "second_complaint"}, {"choice": "apply_mediation"}]
    assert "明天" in by_kind["mediation_reminder"].text_zh
    assert "tomorrow" in by_kind["mediation_reminder"].text_en


async def test_one_case_racing_for_many_slots_gets_one_booking(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    slots = [await add_slot(sessionmaker, location=f"調解室{n}") for n in range(10)]
    number = await to_mediation(client, sessionmaker, officer, "line:Ualice")
    responses = await asyncio.gather(*(_book(client, "line:Ualice", number, s) for s in slots))
    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    async with sessionmaker() as session:
        counts = (await session.execute(select(MediationSlot.booked_count))).scalars().all()
    assert sum(counts) == 1
