"""The help centre's pages: home, search, a section, one answer, contact, privacy.

Server-rendered and complete without JavaScript; htmx only swaps search results in as
the reader types. Everything a reader sees comes from the same published knowledge base
and search as the bot (api/faq)."""

from collections import Counter
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.core.deps import SessionDep
from api.core.errors import NotFound
from api.core.schemas import as_utc
from api.faq import feedback, service
from api.faq.models import FaqSection
from api.faq.schemas import FeedbackCreate
from api.help.privacy import privacy_notice
from desk.help.render import Page, render
from desk.help.texts import contact

router = APIRouter(prefix="/help", tags=["help centre"], include_in_schema=False)
COMMON_TOPICS = (
    "cooling_off",
    "gym_cancellation",
    "gift_voucher_expiry",
    "travel_cancellation",
    "how_to_complain",
    "mediation_how_to_apply",
)
TAIPEI = ZoneInfo("Asia/Taipei")  # "last updated" is the reader's calendar date
SEARCH_LIMIT = 10
MAX_QUERY = 200
RELATED_LIMIT = 4


def page_for(request: Request, title_key: str, description_key: str, **values: str) -> Page:
    page = Page(request)
    return page.with_meta(page.t(title_key, **values), page.t(description_key))


def not_found(request: Request) -> HTMLResponse:
    page = page_for(request, "not_found_title", "home_description")
    return render(page, "not_found.html", status_code=404)


@router.get("", response_class=HTMLResponse)
async def home(request: Request, session: SessionDep) -> HTMLResponse:
    """Search box, the sections with their answer counts, common questions."""
    entries = await service.list_all(session, published_only=True)
    counts = Counter(entry.section for entry in entries)
    common = sorted(
        (e for e in entries if e.topic in COMMON_TOPICS), key=lambda e: COMMON_TOPICS.index(e.topic)
    )
    page = page_for(request, "home_title", "home_description")
    return render(page, "home.html", sections=list(FaqSection), counts=counts, common=common)


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, session: SessionDep, q: str = "") -> HTMLResponse:
    """Results page for the GET form; only the result list for htmx (as-you-type)."""
    query = " ".join(q.split())[:MAX_QUERY]
    page = page_for(request, "search_title", "search_description")
    hits = []
    if query:
        hits = await service.search_published(
            session, query=query, lang=page.lang, limit=SEARCH_LIMIT
        )
    as_you_type = request.headers.get("HX-Request") == "true"
    if query and not hits and not as_you_type:  # a half-typed word is not a missed search
        await feedback.record_unanswered(session, query=query, language=page.lang)
    if query:
        page = page.with_meta(page.t("results_for", query=query), page.description)
    template = "_results.html" if as_you_type else "search.html"
    return render(page, template, query=query, hits=hits)


@router.get("/sections/{section}", response_class=HTMLResponse)
async def section(request: Request, session: SessionDep, section: str) -> HTMLResponse:
    """Every published answer in one section."""
    if section not in set(FaqSection):
        return not_found(request)
    entries = [
        e for e in await service.list_all(session, published_only=True) if e.section == section
    ]
    page = page_for(request, f"section.{section}", "home_description")
    questions = [page.pick(e.question_zh, e.question_en) for e in entries[:3]]
    page = page.with_meta(page.title, " · ".join(questions) or page.description)
    return render(page, "section.html", section=section, entries=entries)


@router.get("/topics/{topic}", response_class=HTMLResponse)
async def topic(request: Request, session: SessionDep, topic: str) -> HTMLResponse:
    """One answer: its legal basis, when it was last updated, related answers, feedback."""
    try:
        entry = await service.published_entry(session, topic=topic)
    except NotFound:
        return not_found(request)
    shown = service.answer(entry, Page(request).lang)
    page = Page(request).with_meta(shown.question, shown.answer)
    related = await service.related(session, entry=entry, limit=RELATED_LIMIT)
    thanks = request.query_params.get("feedback") == "thanks"
    updated = as_utc(entry.updated_at).astimezone(TAIPEI).date().isoformat()
    context = {"entry": entry, "shown": shown, "related": related, "updated": updated}
    return render(page, "topic.html", thanks=thanks, context=context)


@router.post("/topics/{topic}/feedback")
async def post_feedback(
    request: Request,
    session: SessionDep,
    topic: str,
    helpful: Annotated[str, Form(pattern="^(yes|no)$")],
    comment: Annotated[str, Form(max_length=500)] = "",
) -> RedirectResponse:
    """The "did this help?" form; back to the answer with a thank-you (post/redirect/get)."""
    page = Page(request)
    vote = FeedbackCreate(
        topic=topic, helpful=helpful == "yes", comment=comment or None, language=page.lang
    )
    await feedback.record_feedback(session, feedback_in=vote)
    target = page.href(f"/help/topics/{topic}", feedback="thanks") + "#feedback"
    return RedirectResponse(target, status_code=303)


@router.get("/contact", response_class=HTMLResponse)
async def contact_page(request: Request) -> HTMLResponse:
    """Office hours, 1950 and 1999, the evidence to prepare, the path with its deadlines."""
    page = page_for(request, "contact_title", "contact_description")
    return render(page, "contact.html", contact=contact())


@router.get("/privacy", response_class=HTMLResponse)
async def privacy(request: Request) -> HTMLResponse:
    """The Personal Data Protection Act Art. 8 notice (same text the chat channels send)."""
    page = page_for(request, "privacy_title", "privacy_description")
    return render(page, "privacy.html", notice=privacy_notice())
