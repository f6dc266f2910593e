"""Case work, the mediation calendar and the FAQ editor as server-rendered screens, through
the cookie session and CSRF token the browser uses; roles enforced on the pages as on the API;
citizen text stays text."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.audit.models import ChangeRecord
from api.cases.models import Case
from api.core.time import as_local, local_today, utcnow
from api.mediation.models import MediationBooking
from api.notifications.models import Notification
from api.staff.models import StaffRole
from tests.api.conftest import add_slot, file_case, set_business_due
from tests.console.conftest import new_staff_account, staff_row
from tests.fixtures.app import bot_headers

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@asynccontextmanager
async def signed_in(
    app: FastAPI, sessionmaker: async_sessionmaker[AsyncSession], role: StaffRole
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    """A browser-like client of its own (cookie jar), signed in through the form, with the
    CSRF header htmx sends read from the page."""
    account = new_staff_account(f"{role} 測試")
    async with sessionmaker() as session:
        session.add(staff_row(account, role))
        await session.commit()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://desk.test") as browser:
        signed = await browser.post("/console/login", data=account.login())
        assert signed.status_code == 303
        page = await browser.get("/console/cases")
        token = re.search(r"X-CSRF-Token&#34;: &#34;([\w-]+)&#34;", page.text)
        assert token, page.text[:500]
        yield browser, {"X-CSRF-Token": token.group(1), "HX-Request": "true"}


async def _notices(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessionmaker() as session:
        query = select(Notification.text_zh).order_by(Notification.id)
        return list((await session.execute(query)).scalars().all())


async def test_an_officer_works_a_case_from_the_console(
    app: FastAPI, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    number = (await file_case(client, "line:Ua", business_name=HOSTILE))["number"]
    other = (await file_case(client, "line:Ub", business_name="快買網"))["number"]
    async with signed_in(app, sessionmaker, StaffRole.OFFICER) as (browser, htmx):
        listed = await browser.get("/console/cases", params={"q": "快買"})
        assert other in listed.text and number not in listed.text
        detail = await browser.get(f"/console/cases/{number}")
        assert "<script>alert" not in detail.text and "&lt;script&gt;" in detail.text
        moves = re.findall(r'<option value="(\w+)">', detail.text.split('id="move-to"')[1])
        assert "forwarded" in moves and "mediation_requested" not in moves

        forged = await browser.post(
            f"/console/cases/{number}/move", data={"to_status": "settled"}, headers=htmx
        )
        assert 'id="case-error"' in forged.text and 'data-status="received"' in forged.text
        no_csrf = await browser.post(
            f"/console/cases/{number}/move", data={"to_status": "forwarded"}
        )
        assert no_csrf.status_code == 403

        moved = await browser.post(
            f"/console/cases/{number}/move",
            data={"to_status": "forwarded", "note": "已函轉業者"},
            headers=htmx,
        )
        assert 'data-status="forwarded"' in moved.text and 'id="reply-form"' in moved.text
        await set_business_due(sessionmaker, number, local_today() - timedelta(days=1))
        replied = await browser.post(
            f"/console/cases/{number}/reply",
            data={"replied_on": local_today().isoformat(), "note": "同意退一半"},
            headers=htmx,
        )
        assert 'data-status="business_replied"' in replied.text
        assert "逾期回覆" in replied.text
        moved = await browser.post(
            f"/console/cases/{number}/move",
            data={"to_status": "mediation_requested"},
            headers=htmx,
        )
        assert 'data-status="mediation_requested"' in moved.text

        noted = await browser.post(
            f"/console/cases/{number}/notes", data={"note": HOSTILE}, headers=htmx
        )
        assert "note: &lt;script&gt;" in noted.text and "<script>alert" not in noted.text
        fixed = await browser.post(
            f"/console/cases/{number}/contact",
            data={"contact_name": "王小明", "contact_phone": "0987654321"},
            headers=htmx,
        )
        assert "contact corrected: contact_name, contact_phone" in fixed.text
    notices = await _notices(sessionmaker)
    assert [n.split("：")[1].split("。")[0] for n in notices] == [
        "已轉請業者處理",
        "業者已回覆",
        "已申請調解",
    ]
    async with sessionmaker() as session:
        changes = (await session.execute(select(ChangeRecord))).scalars().all()
    assert {(c.field, c.old_value, c.new_value) for c in changes} == {
        ("contact_name", "測試王小明", "王小明"),
        ("contact_phone", "0912345678", "0987654321"),
    }


async def test_an_agent_reads_cases_but_cannot_work_them(
    app: FastAPI, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    number = (await file_case(client, "line:Ua"))["number"]
    async with signed_in(app, sessionmaker, StaffRole.AGENT) as (browser, htmx):
        detail = await browser.get(f"/console/cases/{number}")
        assert detail.status_code == 200 and "0912345678" in detail.text
        assert 'id="move-form"' not in detail.text and 'id="contact-form"' not in detail.text
        refused = await browser.post(
            f"/console/cases/{number}/move", data={"to_status": "forwarded"}, headers=htmx
        )
        assert refused.status_code == 403
        calendar = await browser.get("/console/mediation")
        assert calendar.status_code == 200 and 'id="session-form"' not in calendar.text
    async with sessionmaker() as session:
        case = (await session.execute(select(Case))).scalar_one()
    assert case.status == "received"


async def test_a_closed_case_is_read_only_on_the_page(
    app: FastAPI, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    number = (await file_case(client, "line:Ua"))["number"]
    async with signed_in(app, sessionmaker, StaffRole.OFFICER) as (browser, htmx):
        for target in ("forwarded", "business_replied", "closed"):
            await browser.post(
                f"/console/cases/{number}/move", data={"to_status": target}, headers=htmx
            )
        detail = await browser.get(f"/console/cases/{number}")
        assert 'id="case-read-only"' in detail.text and 'data-status="closed"' in detail.text
        for form in ("move-form", "contact-form", "note-form", "officer-form"):
            assert f'id="{form}"' not in detail.text
        forged = await browser.post(
            f"/console/cases/{number}/contact", data={"contact_name": "x"}, headers=htmx
        )
        assert 'id="case-error"' in forged.text


async def test_moving_a_session_in_the_calendar_rebooks_and_tells_the_citizen(
    app: FastAPI, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    slot_id = await add_slot(sessionmaker, starts_in=timedelta(days=2), capacity=2)
    async with signed_in(app, sessionmaker, StaffRole.OFFICER) as (browser, htmx):
        number = (await file_case(client, "line:Ua"))["number"]
        for target in ("forwarded", "business_replied", "mediation_requested"):
            await browser.post(
                f"/console/cases/{number}/move", data={"to_status": target}, headers=htmx
            )
        booked = await client.post(
            "/api/bot/mediation/bookings",
            json={"case_number": number, "slot_id": slot_id},
            headers=bot_headers("line:Ua"),
        )
        assert booked.status_code == 201
        day = as_local(utcnow() + timedelta(days=2)).date()
        week = await browser.get("/console/mediation", params={"view": "day", "on": str(day)})
        assert f'data-slot="{slot_id}"' in week.text and number in week.text
        new_start = as_local(utcnow() + timedelta(days=4)).replace(second=0, microsecond=0)
        moved = await browser.post(
            f"/console/mediation/sessions/{slot_id}/move",
            data={
                "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (new_start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "location": "調解室<b>C</b>",
                "reason": "委員請假",
            },
            headers=htmx,
        )
        assert 'id="calendar-message"' in moved.text, moved.text
        assert "調解室&lt;b&gt;C&lt;/b&gt;" in moved.text and number in moved.text
        created = await browser.post(
            "/console/mediation/sessions",
            data={
                "starts_at": new_start.strftime("%Y-%m-%dT09:00"),
                "ends_at": new_start.strftime("%Y-%m-%dT10:00"),
                "location": "調解室D",
                "mediator": "林委員",
                "capacity": "3",
            },
            headers=htmx,
        )
        assert "調解室D" in created.text and "林委員" in created.text
    async with sessionmaker() as session:
        booking = (await session.execute(select(MediationBooking))).scalar_one()
    assert booking.slot_id != slot_id and booking.reschedule_reason == "委員請假"
    assert any("調解會議已改到" in text for text in await _notices(sessionmaker))


async def test_an_edited_faq_answer_is_what_the_bot_reads_next(
    app: FastAPI, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    entry = {
        "topic": "gift_voucher_expiry",
        "category": "prepaid",
        "question_zh": "禮券可以有使用期限嗎？",
        "question_en": "Can a gift voucher expire?",
        "answer_zh": "原本的答案。",
        "answer_en": "The old answer.",
        "article_zh": "零售業等商品禮券定型化契約應記載事項",
        "article_en": "Mandatory terms for retail gift vouchers",
        "keywords_zh": "禮券, 期限",
    }
    async with signed_in(app, sessionmaker, StaffRole.AGENT) as (browser, htmx):
        created = await browser.post("/console/faq", data=entry, headers=htmx)
        entry_id = re.search(r'data-entry="(\d+)"', created.text)
        assert entry_id and "草稿" in created.text, created.text
        preview = await browser.post(
            "/console/faq/preview", data={**entry, "answer_zh": HOSTILE}, headers=htmx
        )
        assert "（依據：零售業等商品禮券定型化契約應記載事項）" in preview.text
        assert "&lt;script&gt;" in preview.text and "<script>alert" not in preview.text
        url = f"/console/faq/{entry_id.group(1)}"
        refused = await browser.post(f"{url}/publish", headers=htmx)
        assert refused.status_code == 403
    async with signed_in(app, sessionmaker, StaffRole.ADMIN) as (browser, htmx):
        published = await browser.post(f"{url}/publish", headers=htmx)
        assert 'id="unpublish"' in published.text
        edited = await browser.post(
            url, data={**entry, "answer_zh": "禮券不得限制使用期限。"}, headers=htmx
        )
        assert "已儲存" in edited.text and "禮券不得限制使用期限。" in edited.text
    bot = await client.get("/api/bot/faq/gift_voucher_expiry", headers=bot_headers("line:Ua"))
    assert bot.json()["answer"] == "禮券不得限制使用期限。"
