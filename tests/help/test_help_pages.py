"""The help centre over HTTP, as a browser without JavaScript sees it: every page reads,
the GET search form finds answers, feedback posts and redirects, staff read both."""

import re

import httpx
import pytest

from api.help.privacy import privacy_notice, short_notice
from api.staff.models import StaffRole
from tests.fixtures.staff import StaffLogin

pytestmark = pytest.mark.usefixtures("seeded")
PAGES = [
    "/help",
    "/help/search?q=健身房退費",
    "/help/sections/gym_prepaid",
    "/help/sections/telecom",
    "/help/topics/gym_cancellation",
    "/help/contact",
    "/help/privacy",
]


def first_hit(html: str) -> str:
    found = re.search(r'<ol class="answers" id="hits">\s*<li><a href="/help/topics/(\w+)', html)
    assert found, "no results list"
    return found.group(1)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["zh-TW", "en"])
async def test_every_page_reads_without_javascript(
    client: httpx.AsyncClient, path: str, lang: str
) -> None:
    url = path + ("&" if "?" in path else "?") + "lang=en" if lang == "en" else path
    response = await client.get(url)
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{"en" if lang == "en" else "zh-Hant-TW"}">' in html
    title = re.search(r"<title>(.+?)</title>", html)
    assert title and "·" in title.group(1)
    for meta in ('name="description"', 'property="og:title"', 'property="og:description"'):
        assert re.search(rf'<meta {meta} content="[^"]+">', html), meta
    assert 'href="/help/privacy' in html  # the footer links the privacy notice
    assert 'id="chat-button" href="/' in html  # the chat is one click away
    assert "<script>" not in html and " style=" not in html  # CSP: no inline code
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(
    ("query", "lang", "topic"),
    [
        ("健身房倒閉想退費", "zh-TW", "gym_cancellation"),
        ("網購七天內退貨", "zh-TW", "cooling_off"),
        ("cooling-off period online shopping", "en", "cooling_off"),
        ("coolng off perod", "en", "cooling_off"),  # typos
        ("補習班退費", "zh-TW", "cram_school_refund"),
        ("mobile phone bill dispute", "en", "telecom_contract"),
    ],
)
async def test_search_form_by_get_finds_the_right_answer_first(
    client: httpx.AsyncClient, query: str, lang: str, topic: str
) -> None:
    response = await client.get("/help/search", params={"q": query, "lang": lang})
    assert first_hit(response.text) == topic


async def test_as_you_type_gets_only_the_results_and_records_no_missed_search(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    partial = await client.get("/help/search?q=xyzz", headers={"HX-Request": "true"})
    assert "<html" not in partial.text and 'id="no-results"' in partial.text
    full = await client.get("/help/search?q=xyzzy+plugh&lang=en")
    assert 'id="no-results"' in full.text
    await client.get("/help/search?q=xyzzy%20%20plugh&lang=en")
    await client.get("/help/search?q=我的電話0912345678怎麼辦呢呢呢")
    staff = await staff_login(StaffRole.AGENT)
    rows = (await client.get("/api/faq/entries/unanswered-searches", headers=staff)).json()
    top = rows[0]
    assert (top["query"], top["language"], top["times"]) == ("xyzzy plugh", "en", 2)
    assert all("0912345678" not in r["query"] for r in rows)


async def test_language_switch_keeps_the_page(client: httpx.AsyncClient) -> None:
    html = (await client.get("/help/search?q=gym")).text
    assert 'href="/help/search?q=gym&amp;lang=en"' in html
    english = (await client.get("/help/search?q=gym&lang=en")).text
    assert 'href="/help/search?q=gym"' in english
    assert 'href="/help/topics/gym_cancellation?lang=en"' in english  # links keep English


async def test_answer_page_has_its_facts_and_the_ways_to_act(client: httpx.AsyncClient) -> None:
    html = (await client.get("/help/topics/cooling_off?lang=en")).text
    assert "Consumer Protection Act Art. 19" in html
    assert '<time datetime="2026-11-25"' in html
    assert 'href="/?start=complaint&amp;topic=cooling_off&amp;lang=en"' in html
    assert 'href="/?start=person&amp;topic=cooling_off&amp;lang=en"' in html
    assert "related-heading" in html and "/help/topics/cooling_off_exceptions" in html
    missing = await client.get("/help/topics/no_such_topic")
    assert missing.status_code == 404 and "<html" in missing.text


async def test_feedback_is_stored_and_staff_read_it(
    client: httpx.AsyncClient, staff_login: StaffLogin
) -> None:
    form = {"helpful": "no", "comment": "想知道手續費上限 請打 0912-345-678"}
    posted = await client.post("/help/topics/gym_cancellation/feedback", data=form)
    assert posted.status_code == 303
    assert posted.headers["location"] == "/help/topics/gym_cancellation?feedback=thanks#feedback"
    thanks = await client.get(posted.headers["location"])
    assert 'id="feedback-thanks"' in thanks.text
    await client.post("/help/topics/gym_cancellation/feedback?lang=en", data={"helpful": "yes"})
    api = await client.post("/api/faq/feedback", json={"topic": "cooling_off", "helpful": True})
    assert api.status_code == 204
    bad = await client.post("/api/faq/feedback", json={"topic": "nope_nope", "helpful": True})
    assert bad.status_code == 404
    staff = await staff_login(StaffRole.AGENT)
    summary = (await client.get("/api/faq/entries/feedback", headers=staff)).json()
    gym = next(s for s in summary if s["topic"] == "gym_cancellation")
    assert (gym["helpful"], gym["not_helpful"]) == (1, 1)
    assert gym["comments"][0]["comment"] == "想知道手續費上限 請打 ***"
    client.cookies.clear()
    assert (await client.get("/api/faq/entries/feedback")).status_code == 401


async def test_privacy_notice_names_every_article_8_item(client: httpx.AsyncClient) -> None:
    notice = privacy_notice()
    keys = [section.key for section in notice.sections]
    assert keys == ["agency", "purposes", "categories", "retention", "rights", "withholding"]
    html = (await client.get("/help/privacy?lang=en")).text
    for section in notice.sections:
        assert f'id="privacy-{section.key}"' in html
    short = short_notice("zh-TW", base_url="https://desk.example/")
    assert short.endswith("https://desk.example/help/privacy") and "刪除" in short


async def test_only_vendored_files_are_served(client: httpx.AsyncClient) -> None:
    htmx = await client.get("/static/vendor/htmx-2.0.11.min.js")
    assert htmx.status_code == 200 and "immutable" in htmx.headers["cache-control"]
    assert (await client.get("/static/vendor/README.md")).status_code == 404
    assert (await client.get("/static/vendor/..%2F..%2Fapp.py")).status_code == 404
    assert (await client.get("/help/static/help.css")).status_code == 200
