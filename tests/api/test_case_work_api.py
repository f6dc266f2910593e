"""Case work over the API: filters and search, the business's reply on time or late,
internal notes, audited contact corrections, the officer on a case, read-only decided cases,
and the mediation calendar (close, move with re-booking and a notice)."""

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.time import local_today, utcnow
from api.mediation.models import MediationBooking
from api.notifications.models import Notification
from api.staff.models import StaffRole
from tests.api.conftest import add_slot, file_case, move, set_business_due, to_mediation
from tests.fixtures.staff import StaffLogin


async def _notices(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessionmaker() as session:
        query = select(Notification.text_zh).order_by(Notification.id)
        return list((await session.execute(query)).scalars().all())


async def test_filters_and_search_find_the_right_cases(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    gym = (await file_case(client, "line:Ua"))["number"]
    shop = (await file_case(client, "line:Ub", business_name="快買網", category="ecommerce"))[
        "number"
    ]
    assert (await move(client, gym, "forwarded", officer)).status_code == 201
    await set_business_due(sessionmaker, gym, local_today() - timedelta(days=1))

    async def numbers(**params: str | int) -> list[str]:
        response = await client.get("/api/cases", params=params, headers=officer)
        assert response.status_code == 200, response.text
        return [row["number"] for row in response.json()]

    assert await numbers(status="forwarded") == [gym]
    assert await numbers(category="ecommerce") == [shop]
    assert await numbers(overdue="true") == [gym]
    assert await numbers(business="快買") == [shop]
    assert await numbers(q=shop.lower()) == [shop]
    assert await numbers(q="示範健身") == [gym]
    me = (await client.get("/api/auth/me", headers=officer)).json()["id"]
    assigned = await client.put(f"/api/cases/{gym}/officer", json={"staff_id": me}, headers=officer)
    assert assigned.status_code == 200 and assigned.json()["assigned_officer_id"] == me
    assert await numbers(officer_id=me) == [gym]


async def test_business_reply_is_judged_against_the_fifteen_days_and_told(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    on_time = (await file_case(client, "line:Ua"))["number"]
    late = (await file_case(client, "line:Ub"))["number"]
    for number in (on_time, late):
        assert (await move(client, number, "forwarded", officer)).status_code == 201
    await set_business_due(sessionmaker, late, local_today() - timedelta(days=2))
    today = local_today().isoformat()
    for number in (on_time, late):
        reply = await client.post(
            f"/api/cases/{number}/business-reply",
            json={"replied_on": today, "note": "業者同意退款一半"},
            headers=officer,
        )
        assert reply.status_code == 201, reply.text
    on_time_case = (await client.get(f"/api/cases/{on_time}", headers=officer)).json()
    late_case = (await client.get(f"/api/cases/{late}", headers=officer)).json()
    assert on_time_case["status"] == "business_replied"
    assert on_time_case["business_reply_date"] == today
    assert "(on time)" in on_time_case["events"][-1]["note"]
    assert "(late)" in late_case["events"][-1]["note"]
    notices = await _notices(sessionmaker)
    assert sum("業者已回覆" in text for text in notices) == 2
    again = await client.post(
        f"/api/cases/{late}/business-reply", json={"replied_on": today}, headers=officer
    )
    assert again.status_code == 409
    future = (local_today() + timedelta(days=1)).isoformat()
    bad = await client.post(
        f"/api/cases/{on_time}/business-reply", json={"replied_on": future}, headers=officer
    )
    assert bad.status_code == 422


async def test_contact_correction_is_audited_with_old_and_new_value(
    client: httpx.AsyncClient, staff_login: StaffLogin, officer: dict[str, str]
) -> None:
    number = (await file_case(client, "line:Ua"))["number"]
    fixed = await client.patch(
        f"/api/cases/{number}/contact",
        json={"contact_phone": "0987-654-321", "contact_name": "王小明"},
        headers=officer,
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["citizen"]["contact_phone"] == "0987654321"
    detail = (await client.get(f"/api/cases/{number}", headers=officer)).json()
    assert detail["events"][-1]["note"] == "contact corrected: contact_name, contact_phone"
    assert "0987" not in detail["events"][-1]["note"]
    admin = await staff_login(StaffRole.ADMIN)
    assert (await client.get("/api/audit/changes", headers=officer)).status_code == 403
    changes = (await client.get("/api/audit/changes", headers=admin)).json()
    by_field = {c["field"]: (c["old_value"], c["new_value"]) for c in changes}
    assert by_field == {
        "contact_phone": ("0912345678", "0987654321"),
        "contact_name": ("測試王小明", "王小明"),
    }
    agent = await staff_login(StaffRole.AGENT)
    refused = await client.patch(
        f"/api/cases/{number}/contact", json={"contact_name": "x"}, headers=agent
    )
    assert refused.status_code == 403


async def test_notes_are_internal_and_decided_cases_are_read_only(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    staff_login: StaffLogin,
    officer: dict[str, str],
) -> None:
    number = (await file_case(client, "line:Ua"))["number"]
    before = await _notices(sessionmaker)
    noted = await client.post(
        f"/api/cases/{number}/notes", json={"note": "已電話聯絡業者"}, headers=officer
    )
    assert noted.status_code == 201 and noted.json()["note"] == "note: 已電話聯絡業者"
    assert await _notices(sessionmaker) == before
    assert (await move(client, number, "forwarded", officer)).status_code == 201
    assert (await move(client, number, "business_replied", officer)).status_code == 201
    assert (await move(client, number, "closed", officer)).status_code == 201
    admin = await staff_login(StaffRole.ADMIN)
    for headers in (officer, admin):
        edits = [
            await client.patch(f"/api/cases/{number}", json={"amount": 1}, headers=headers),
            await client.patch(
                f"/api/cases/{number}/contact", json={"contact_name": "x"}, headers=headers
            ),
            await client.post(f"/api/cases/{number}/notes", json={"note": "x"}, headers=headers),
            await move(client, number, "forwarded", headers),
        ]
        assert [edit.status_code for edit in edits] == [409, 409, 409, 409]
    agent = await staff_login(StaffRole.AGENT)
    patched = await client.patch(f"/api/cases/{number}", json={"amount": 1}, headers=agent)
    assert patched.status_code == 403


async def test_calendar_close_and_move_rebook_and_tell_the_citizen(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    staff_login: StaffLogin,
    officer: dict[str, str],
) -> None:
    number = await to_mediation(client, sessionmaker, officer, "line:Ua")
    slot = await add_slot(sessionmaker, capacity=2)
    booked = await client.post(
        "/api/mediation/bookings", json={"case_number": number, "slot_id": slot}, headers=officer
    )
    assert booked.status_code == 201, booked.text
    start = (utcnow() - timedelta(hours=1)).isoformat()
    week = await client.get("/api/mediation/calendar", params={"start": start}, headers=officer)
    [shown] = week.json()
    assert (shown["id"], shown["closed"]) == (slot, False)
    assert [b["case_number"] for b in shown["bookings"]] == [number]

    agent = await staff_login(StaffRole.AGENT)
    new_start = (utcnow() + timedelta(days=5)).replace(microsecond=0)
    move_body = {
        "starts_at": new_start.isoformat(),
        "ends_at": (new_start + timedelta(hours=1)).isoformat(),
        "location": "調解室C",
        "reason": "委員請假",
    }
    url = f"/api/mediation/slots/{slot}/move"
    assert (await client.post(url, json=move_body, headers=agent)).status_code == 403
    moved = await client.post(url, json=move_body, headers=officer)
    assert moved.status_code == 201, moved.text
    new_slot = moved.json()
    assert (new_slot["location"], new_slot["booked_count"]) == ("調解室C", 1)
    async with sessionmaker() as session:
        booking = (await session.execute(select(MediationBooking))).scalar_one()
    assert (booking.slot_id, booking.reschedule_reason) == (new_slot["id"], "委員請假")
    assert any(
        "調解會議已改到" in text and "調解室C" in text for text in await _notices(sessionmaker)
    )
    week = await client.get("/api/mediation/calendar", params={"start": start}, headers=agent)
    assert [s["id"] for s in week.json()] == [new_slot["id"]]
    assert (await client.post(url, json=move_body, headers=officer)).status_code == 409

    closed = await client.post(f"/api/mediation/slots/{new_slot['id']}/close", headers=officer)
    assert closed.status_code == 200
    other = await to_mediation(client, sessionmaker, officer, "line:Ub")
    refused = await client.post(
        "/api/mediation/bookings",
        json={"case_number": other, "slot_id": new_slot["id"]},
        headers=officer,
    )
    assert refused.status_code == 409
