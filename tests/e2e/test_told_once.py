"""Issue 11 through every real process (web chat → gateway → Rasa → actions → desk API):
a story is told once, a dispute never dead-ends in an article, and the complaint form
understands interruptions and refuses what is plainly not an answer."""

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.core.db import create_engine, create_sessionmaker, session_scope
from api.faq import service as faq
from api.faq.seed_data import FAQ_SEED
from scripts.stack import Stack
from tests.e2e.conversation import (
    CASE_NUMBER,
    EN_ANSWERS,
    EN_STORY_QUESTIONS,
    ZH_ANSWERS,
    answer_for,
    buttons,
    pick_confirm,
    say,
    stored_case,
    texts,
    web_citizen,
)

pytestmark = pytest.mark.e2e

# A question about the law that tells the citizen's own dispute (the NLU reads it as FAQ;
# stories that end in a question are more often read as complaints, and then the form opens
# prefilled at once).
SALE_ITEM = "我在蝦皮買的外套是特價品，賣家說不能退，特價品有七天鑑賞期嗎？"
# A general question with the citizen's own purchase in it: read as FAQ, still a dispute.
DISPUTE_QUESTION = "網路上買的東西賣家不給退，七天鑑賞期是怎麼算的？"
STORY_EN = (
    "I bought a phone online from QuickBuy Ltd on Nov 3 for NT$12,000 and it broke after two days"
)
ASK_DESCRIPTION, ASK_BUSINESS, ASK_CATEGORY, ASK_REMEDY = "描述", "哪一家", "哪一類", "怎麼處理"


def finish(
    chat: httpx.Client, replies: list[dict[str, Any]], answers: list[tuple[str, str]]
) -> str:
    """Answer what the form asks until a case number comes back; the transcript."""
    transcript = [texts(replies)]
    for _ in range(12):
        if CASE_NUMBER.search(transcript[-1]):
            break
        confirm = pick_confirm(buttons(replies))
        replies = say(chat, confirm or answer_for(transcript[-1], answers))
        transcript.append(texts(replies))
    return "\n".join(transcript)


async def seed_knowledge_base(database_url: str) -> None:
    engine = create_engine(database_url)
    async with session_scope(create_sessionmaker(engine)) as session:
        await faq.seed_missing(session, entries=FAQ_SEED)
    await engine.dispose()


@pytest.fixture(scope="module")
def knowledge_base(desk_stack: Stack) -> None:
    """The seed FAQ answers (the stack starts with an empty knowledge base)."""
    asyncio.run(seed_knowledge_base(desk_stack.config.database_url))


@pytest.fixture
def chat(desk_stack: Stack, knowledge_base: None) -> Iterator[httpx.Client]:
    with web_citizen(desk_stack) as client:  # a new citizen (signed cookie) per test
        yield client


def test_a_dispute_that_ends_in_a_question_is_answered_and_becomes_that_case(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    """Told as a complaint that also asks: the question is answered briefly first, then the
    form opens with what the story told and asks only the rest."""
    replies = say(chat, SALE_ITEM)
    assert "鑑賞期" in replies[0]["text"], texts(replies)  # the answer first
    transcript = finish(chat, replies, ZH_ANSWERS)
    for question in (ASK_DESCRIPTION, ASK_BUSINESS, ASK_CATEGORY):
        assert question not in transcript, transcript
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    row = stored_case(desk_stack, number.group())
    assert (row.business_name, row.category) == ("蝦皮", "ecommerce")
    assert "賣家說不能退" in row.description


def test_a_dispute_read_as_a_question_offers_the_complaint_prefilled_and_a_person(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    replies = say(chat, DISPUTE_QUESTION)
    assert "鑑賞期" in replies[0]["text"], texts(replies)  # the answer first
    payloads = [payload for _, payload in buttons(replies)]
    assert "/file_complaint" in payloads and "/request_human" in payloads, texts(replies)
    assert any("申訴" in title for title, _ in buttons(replies)), texts(replies)
    transcript = finish(chat, say(chat, "/file_complaint"), ZH_ANSWERS)
    assert ASK_DESCRIPTION not in transcript, transcript  # the story is what happened
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    assert "賣家不給退" in stored_case(desk_stack, number.group()).description


def test_story_then_complaint_asks_only_the_missing_fields(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    say(chat, SALE_ITEM)
    transcript = finish(chat, say(chat, "我要申訴，要求退費"), ZH_ANSWERS)
    for question in (ASK_DESCRIPTION, ASK_BUSINESS, ASK_CATEGORY, ASK_REMEDY):
        assert question not in transcript, transcript
    for missing in ("哪一天", "多少錢", "姓名", "電話"):
        assert missing in transcript, transcript
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    row = stored_case(desk_stack, number.group())
    assert (row.business_name, row.category, row.desired_remedy) == ("蝦皮", "ecommerce", "退費")
    assert SALE_ITEM in row.description


def test_an_english_story_names_its_business_and_is_not_asked_again(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    say(chat, STORY_EN)
    transcript = finish(chat, say(chat, "I want to file a complaint"), EN_ANSWERS)
    for question in EN_STORY_QUESTIONS:
        assert question not in transcript, transcript
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    row = stored_case(desk_stack, number.group())
    assert row.business_name == "QuickBuy Ltd"
    assert row.category == "ecommerce"
    assert row.amount == 12000
    assert str(row.purchase_date).endswith("-11-03")


def test_a_status_question_inside_the_form_is_answered_and_the_form_resumes(
    chat: httpx.Client,
) -> None:
    say(chat, "我要申訴")
    asked = texts(say(chat, ZH_ANSWERS[0][1]))
    assert "哪一家" in asked, asked
    replies = texts(say(chat, "我的案件進度如何？"))
    assert "查不到您的申訴案件" in replies, replies  # answered: this citizen has no case yet
    assert "哪一家" in replies, replies  # and the form asks again where it was


def test_a_mediation_request_inside_the_form_is_handled_and_the_form_resumes(
    chat: httpx.Client,
) -> None:
    """In English: the citizen has no case to mediate yet (said so), then the same question
    again, and the answer to it fills the field."""
    asked = texts(say(chat, "I want to file a complaint"))
    assert "describe what happened" in asked, asked
    replies = texts(say(chat, "I want to book a mediation session"))
    assert "None of your cases can be booked for mediation yet" in replies, replies
    assert "describe what happened" in replies, replies
    going_on = texts(say(chat, EN_ANSWERS[0][1]))
    assert "describe what happened" not in going_on and "Which business" in going_on, going_on


def test_a_request_is_not_a_name_and_a_name_is_not_a_phone(
    chat: httpx.Client, desk_stack: Stack
) -> None:
    story = "我要申訴，我2026年10月1日在陽光健身房繳了12000元年費，店家倒閉了，希望全額退費"
    asked = texts(say(chat, story))
    assert "姓名" in asked, asked
    not_a_name = texts(say(chat, "I want to book a mediation session"))
    assert "name" in not_a_name.lower() or "姓名" in not_a_name, not_a_name
    assert "phone" not in not_a_name.lower() and "電話" not in not_a_name, not_a_name
    asked_phone = texts(say(chat, "測試王小明"))
    assert "電話" in asked_phone, asked_phone
    not_a_phone = texts(say(chat, "王小明"))
    assert "電話" in not_a_phone or "號碼" in not_a_phone, not_a_phone
    summary = say(chat, "0912345678")
    transcript = finish(chat, summary, ZH_ANSWERS)
    number = CASE_NUMBER.search(transcript)
    assert number, transcript
    row = stored_case(desk_stack, number.group())
    assert row.contact_name == "測試王小明"
    assert row.business_name == "陽光健身房"


def test_inside_the_form_an_faq_is_answered_and_a_person_is_called_then_the_form_goes_on(
    chat: httpx.Client,
) -> None:
    say(chat, "我要申訴")
    assert ASK_BUSINESS in texts(say(chat, ZH_ANSWERS[0][1]))
    replies = say(chat, "申訴後業者要在幾天內回覆？")
    assert len(replies) == 2 and "15" in replies[0]["text"], texts(replies)  # Art. 43: 15 days
    assert ASK_BUSINESS in replies[1]["text"], texts(replies)  # then the same question again
    handed = texts(say(chat, "我要找真人客服"))
    # A person is called and the form goes on where it was until someone takes over.
    assert "服務人員" in handed and ASK_BUSINESS in handed, handed
    going_on = texts(say(chat, ZH_ANSWERS[1][1]))
    assert ASK_BUSINESS not in going_on, going_on
    assert any(question in going_on for question in ("哪一類", "哪一天")), going_on


def test_a_dispute_never_dead_ends_whichever_way_it_is_read(chat: httpx.Client) -> None:
    """Read as a question, the answer offers the complaint; read as a complaint, the form
    opens with what the message told (what happened, the gym category)."""
    replies = say(chat, "健身房倒閉了，預付的錢怎麼辦？")
    if "/file_complaint" in [payload for _, payload in buttons(replies)]:
        replies = say(chat, "/file_complaint")
    opened = texts(replies)
    assert ASK_BUSINESS in opened, opened
    assert ASK_DESCRIPTION not in opened and ASK_CATEGORY not in opened, opened
