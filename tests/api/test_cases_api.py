import logging
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.citizens.models import Citizen
from api.core.time import local_today
from tests.api.conftest import INTAKE, file_case, move, set_business_due
from tests.fixtures.app import bot_headers


async def test_filing_a_case_stores_contact_and_starts_received(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    case = await file_case(client, "line:Ualice")
    assert case["number"].startswith(f"KHH-{local_today().year}-")
    assert case["status"] == "received"
    assert case["status_label_zh"] and case["status_label_en"] == "Complaint received"
    assert case["due_date"] is None and case["can_book_mediation"] is False
    assert "15" in case["next_step_zh"] and "15 days" in case["next_step_en"]
    async with sessionmaker() as session:
        citizen = (await session.execute(select(Citizen))).scalar_one()
    assert (citizen.contact_name, citizen.contact_phone) == ("測試王小明", "0912345678")
    detail = (await client.get(f"/api/cases/{case['number']}", headers=officer)).json()
    assert [e["to_status"] for e in detail["events"]] == ["received"]
    assert detail["events"][0]["actor_kind"] == "citizen"


async def test_case_numbers_are_sequential(client: httpx.AsyncClient) -> None:
    first = (await file_case(client, "line:Ualice"))["number"]
    second = (await file_case(client, "line:Ualice"))["number"]
    assert int(second[-6:]) == int(first[-6:]) + 1


async def test_citizen_lists_own_cases_newest_first(client: httpx.AsyncClient) -> None:
    older = await file_case(client, "line:Ualice")
    newer = await file_case(client, "line:Ualice", business_name="示範旅行社")
    await file_case(client, "telegram:42")
    response = await client.get("/api/bot/cases", headers=bot_headers("line:Ualice"))
    assert [c["number"] for c in response.json()] == [newer["number"], older["number"]]


async def test_another_citizens_case_is_not_found(client: httpx.AsyncClient) -> None:
    case = await file_case(client, "line:Ualice")
    response = await client.get(
        f"/api/bot/cases/{case['number']}", headers=bot_headers("line:Ubob")
    )
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    own = await client.get(f"/api/bot/cases/{case['number']}", headers=bot_headers("line:Ualice"))
    assert own.status_code == 200


async def test_intake_validation_is_422_with_field_detail(client: httpx.AsyncClient) -> None:
    future = (local_today() + timedelta(days=3)).isoformat()
    bad = {**INTAKE, "contact_phone": "55555", "amount": -1, "purchase_date": future}
    response = await client.post("/api/bot/cases", json=bad, headers=bot_headers("line:U1"))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert "55555" not in response.text  # the input (maybe personal data) is not echoed
    fields = {error["loc"][-1] for error in body["detail"]["fields"]}
    assert fields == {"contact_phone", "amount", "purchase_date"}


async def test_bot_routes_need_the_service_token(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/bot/cases", headers={"Authorization": "Bearer nope", "X-Desk-Sender": "line:U1"}
    )
    assert response.status_code == 401


async def test_forwarding_sets_the_business_due_date_15_days_later(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    number = (await file_case(client, "line:Ualice"))["number"]
    assert (await move(client, number, "forwarded", officer)).status_code == 201
    case = (await client.get(f"/api/bot/cases/{number}", headers=bot_headers("line:Ualice"))).json()
    due = local_today() + timedelta(days=15)
    assert case["due_date"] == due.isoformat()
    assert due.isoformat() in case["next_step_en"]


async def test_overdue_listing_shows_business_past_due(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    late = (await file_case(client, "line:Ualice"))["number"]
    on_time = (await file_case(client, "line:Ubob"))["number"]
    for number in (late, on_time):
        await move(client, number, "forwarded", officer)
    await set_business_due(sessionmaker, late, local_today() - timedelta(days=2))
    rows = (await client.get("/api/cases/overdue", headers=officer)).json()
    assert [(r["kind"], r["case"]["number"], r["days_overdue"]) for r in rows] == [
        ("business_reply", late, 2)
    ]
    mine = (await client.get(f"/api/bot/cases/{late}", headers=bot_headers("line:Ualice"))).json()
    assert "missed" in mine["next_step_en"]


async def test_overdue_listing_shows_passed_objection_windows(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    officer: dict[str, str],
) -> None:
    from sqlalchemy import update

    from api.cases.models import Case

    number = (await file_case(client, "line:Ualice"))["number"]
    async with sessionmaker() as session:
        await session.execute(
            update(Case)
            .where(Case.number == number)
            .values(status="mediation_proposed", objection_due_date=local_today() - timedelta(1))
        )
        await session.commit()
    rows = (await client.get("/api/cases/overdue", headers=officer)).json()
    assert [(r["kind"], r["case"]["number"]) for r in rows] == [("mediation_objection", number)]


async def test_staff_routes_need_a_staff_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/cases")).status_code == 401
    forged = {"Authorization": "Bearer forged.token.value"}
    assert (await client.get("/api/cases", headers=forged)).status_code == 401


async def test_staff_correct_fields_and_the_log_is_masked(
    client: httpx.AsyncClient, officer: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="api.cases.service"):
        number = (await file_case(client, "line:Ualice"))["number"]
    assert "0912345678" not in caplog.text and "測試王小明" not in caplog.text
    assert "0912****78" in caplog.text
    response = await client.patch(
        f"/api/cases/{number}", json={"amount": 12000, "category": "prepaid"}, headers=officer
    )
    assert (response.json()["amount"], response.json()["category"]) == (12000, "prepaid")
    detail = (await client.get(f"/api/cases/{number}", headers=officer)).json()
    assert detail["events"][-1]["note"] == "edited: amount, category"
