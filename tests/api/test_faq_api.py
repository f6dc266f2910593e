from datetime import date

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.faq import service
from api.faq.models import FaqSection
from api.faq.schemas import FaqCreate
from api.faq.seed_data import FAQ_SEED
from api.staff.models import StaffRole
from tests.fixtures.app import bot_headers
from tests.fixtures.staff import StaffLogin

BOT = bot_headers("line:Ualice")


@pytest.fixture
async def seeded(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        assert await service.seed_missing(session, entries=FAQ_SEED) == len(FAQ_SEED)
        assert await service.seed_missing(session, entries=FAQ_SEED) == 0  # idempotent
        await session.commit()


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "lang", "topic"),
    [
        ("網購七天內可以退貨嗎", "zh-TW", "cooling_off"),
        ("健身房想解約退費", "zh-TW", "gym_cancellation"),
        ("禮券過期還能用嗎", "zh-TW", "gift_voucher_expiry"),
        ("調解要花錢嗎", "zh-TW", "mediation_fee_and_duration"),
        ("租屋押金最多幾個月", "zh-TW", "rental_deposit"),
        ("can I return goods bought online within 7 days", "en", "cooling_off"),
        ("gift card expired", "en", "gift_voucher_expiry"),
        ("how much deposit can my landlord ask", "en", "rental_deposit"),
        ("Chargeback on my CREDIT CARD", "en", "card_chargeback"),
    ],
)
async def test_search_ranks_the_right_answer_first(
    client: httpx.AsyncClient, query: str, lang: str, topic: str
) -> None:
    response = await client.get("/api/bot/faq", params={"q": query, "lang": lang}, headers=BOT)
    assert response.status_code == 200
    hits = response.json()
    assert hits[0]["topic"] == topic
    assert len(hits) <= 3
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


@pytest.mark.usefixtures("seeded")
async def test_answers_come_in_the_asked_language(client: httpx.AsyncClient) -> None:
    zh = (await client.get("/api/bot/faq/cooling_off", headers=BOT)).json()
    en = (await client.get("/api/bot/faq/cooling_off?lang=en", headers=BOT)).json()
    assert zh["article"] == "消費者保護法第19條" and "7天" in zh["answer"]
    assert en["article"] == "Consumer Protection Act Art. 19" and "7 days" in en["answer"]
    public = await client.get("/api/faq/search", params={"q": "鑑賞期", "lang": "en"})
    assert public.json()[0]["topic"] == "cooling_off"


@pytest.mark.usefixtures("seeded")
async def test_unknown_topic_and_nonsense_query(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/bot/faq/no_such_topic", headers=BOT)).status_code == 404
    response = await client.get("/api/bot/faq", params={"q": "xyzzy"}, headers=BOT)
    assert response.json() == []
    assert (await client.get("/api/bot/faq", params={"q": ""}, headers=BOT)).status_code == 422


async def test_staff_create_edit_publish_and_unpublish(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    admin = await staff_login(StaffRole.ADMIN)  # publishing is an admin's (api/staff/policy.py)
    entry = {
        "topic": "wedding_deposit",
        "category": "contracts",
        "question_zh": "婚紗公司倒閉，訂金怎麼辦？",
        "question_en": "The wedding studio closed. What about my deposit?",
        "answer_zh": "請保留契約與收據，並向發卡銀行詢問爭議款。",
        "answer_en": "Keep the contract and receipts and ask your card issuer about a chargeback.",
        "keywords_zh": ["婚紗", "訂金"],
        "keywords_en": ["wedding"],
    }
    created = await client.post("/api/faq/entries", json=entry, headers=agent)
    assert created.status_code == 201
    assert created.json()["section"] == "gym_prepaid"  # the category's, none was given
    entry_id = created.json()["id"]
    assert (await client.post("/api/faq/entries", json=entry, headers=agent)).status_code == 409
    search = {"q": "婚紗", "lang": "zh-TW"}
    assert (await client.get("/api/faq/search", params=search)).json() == []
    draft_edit = {"answer_en": "Keep the contract, receipts and chat screenshots."}
    drafted = await client.patch(f"/api/faq/entries/{entry_id}", json=draft_edit, headers=agent)
    assert drafted.status_code == 200  # an agent writes drafts
    await client.post(f"/api/faq/entries/{entry_id}/publish", headers=admin)
    assert (await client.get("/api/faq/search", params=search)).json()[0]["topic"] == entry["topic"]
    # Editing a published answer is publishing: refused to an agent, done by an admin.
    refused = await client.patch(
        f"/api/faq/entries/{entry_id}", json={"keywords_zh": ["喜餅"]}, headers=agent
    )
    assert refused.status_code == 403
    edited = await client.patch(
        f"/api/faq/entries/{entry_id}", json={"keywords_zh": ["喜餅"]}, headers=admin
    )
    assert edited.json()["keywords_zh"] == ["喜餅"]
    moved = await client.patch(
        f"/api/faq/entries/{entry_id}", json={"section": "disputes"}, headers=admin
    )
    assert moved.json()["section"] == "disputes"
    assert (await client.get("/api/faq/search", params={"q": "喜餅"})).json()[0]["score"] > 0
    await client.post(f"/api/faq/entries/{entry_id}/unpublish", headers=admin)
    assert (await client.get("/api/faq/search", params=search)).json() == []
    client.cookies.clear()  # the login cookie would otherwise sign this request in
    assert (await client.post("/api/faq/entries", json=entry)).status_code == 401


def test_seed_data_covers_every_help_section_and_names_review_dates() -> None:
    assert {entry["section"] for entry in FAQ_SEED} == set(FaqSection)
    topics = [entry["topic"] for entry in FAQ_SEED]
    assert len(topics) == len(set(topics))
    for entry in FAQ_SEED:
        date.fromisoformat(entry["updated"])
        FaqCreate(**entry)  # every seed entry is a valid entry


@pytest.mark.usefixtures("seeded")
async def test_seeded_entries_keep_their_section_and_review_date(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    agent = await staff_login(StaffRole.AGENT)
    entries = {e["topic"]: e for e in (await client.get("/api/faq/entries", headers=agent)).json()}
    assert entries["gift_voucher_expiry"]["section"] == "vouchers"
    assert entries["telecom_contract"]["section"] == "telecom"
    assert entries["cooling_off"]["updated_at"].startswith("2026-11-25")
