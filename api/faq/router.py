"""FAQ over HTTP: public search, bot lookups by topic, staff editing and publishing."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.core.deps import BotSender, SessionDep
from api.core.schemas import errors
from api.faq import feedback, service
from api.faq.schemas import (
    FaqAnswer,
    FaqCreate,
    FaqHit,
    FaqRead,
    FaqUpdate,
    FeedbackCreate,
    FeedbackSummary,
    Language,
    UnansweredSearchRead,
)
from api.staff.deps import CurrentStaff
from api.staff.policy import Permission, may

bot_router = APIRouter(prefix="/api/bot/faq", tags=["bot"])
public_router = APIRouter(prefix="/api/faq", tags=["faq"])
staff_router = APIRouter(prefix="/api/faq/entries", tags=["faq"])

Query_ = Annotated[str, Query(min_length=1, max_length=200)]
Limit = Annotated[int, Query(ge=1, le=20)]
Limit100 = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0)]


@bot_router.get("", response_model=list[FaqHit], responses=errors(401))
async def bot_search(
    q: Query_, session: SessionDep, _: BotSender, lang: Language = "zh-TW", limit: Limit = 3
) -> list[FaqHit]:
    """Action server: published answers for free text, best first."""
    return await service.search_published(session, query=q, lang=lang, limit=limit)


@bot_router.get("/{topic}", response_model=FaqAnswer, responses=errors(401, 404))
async def bot_topic(
    topic: str, session: SessionDep, _: BotSender, lang: Language = "zh-TW"
) -> FaqAnswer:
    """Action server: the published answer for one topic key."""
    return await service.published_topic(session, topic=topic, lang=lang)


@public_router.get("/search", response_model=list[FaqHit])
async def public_search(
    q: Query_, session: SessionDep, lang: Language = "zh-TW", limit: Limit = 5
) -> list[FaqHit]:
    """Anyone (FAQ self-service page): search published answers."""
    return await service.search_published(session, query=q, lang=lang, limit=limit)


@public_router.get("/topics/{topic}", response_model=FaqAnswer, responses=errors(404))
async def public_topic(topic: str, session: SessionDep, lang: Language = "zh-TW") -> FaqAnswer:
    """Anyone: one published answer by topic key."""
    return await service.published_topic(session, topic=topic, lang=lang)


@public_router.post("/feedback", status_code=204, responses=errors(404))
async def public_feedback(body: FeedbackCreate, session: SessionDep) -> Response:
    """Anyone: "did this answer help?" (the help centre's form posts the same)."""
    await feedback.record_feedback(session, feedback_in=body)
    return Response(status_code=204)


@staff_router.get("", response_model=list[FaqRead], responses=errors(401))
async def list_entries(session: SessionDep, _: CurrentStaff) -> list[FaqRead]:
    """Any staff: every entry, published or not."""
    return [FaqRead.model_validate(e) for e in await service.list_all(session)]


@staff_router.post("", status_code=201, response_model=FaqRead, responses=errors(401, 409))
async def create_entry(body: FaqCreate, session: SessionDep, _: CurrentStaff) -> FaqRead:
    """Any staff: add an entry (unpublished unless said otherwise)."""
    return FaqRead.model_validate(await service.create(session, entry_in=body))


# Declared before "/{entry_id}" so these words are not read as an entry id.
@staff_router.get("/feedback", response_model=list[FeedbackSummary], responses=errors(401))
async def answer_feedback(session: SessionDep, _: CurrentStaff) -> list[FeedbackSummary]:
    """Any staff: readers' votes and comments per answer, most votes first."""
    return await feedback.feedback_by_topic(session)


@staff_router.get(
    "/unanswered-searches", response_model=list[UnansweredSearchRead], responses=errors(401)
)
async def unanswered_searches(
    session: SessionDep, _: CurrentStaff, limit: Limit100 = 50, offset: Offset = 0
) -> list[UnansweredSearchRead]:
    """Any staff: help-centre searches that found nothing, most frequent first."""
    rows = await feedback.unanswered_searches(session, limit=limit, offset=offset)
    return [UnansweredSearchRead.model_validate(row) for row in rows]


@staff_router.get("/{entry_id}", response_model=FaqRead, responses=errors(401, 404))
async def get_entry(entry_id: int, session: SessionDep, _: CurrentStaff) -> FaqRead:
    """Any staff: one entry."""
    return FaqRead.model_validate(await service.get(session, entry_id=entry_id))


@staff_router.patch("/{entry_id}", response_model=FaqRead, responses=errors(401, 403, 404))
async def update_entry(
    entry_id: int, body: FaqUpdate, session: SessionDep, staff: CurrentStaff
) -> FaqRead:
    """Any staff: edit a draft; admins (FAQ publishing) also a published entry (else 403)."""
    may_publish = may(staff.role, Permission.FAQ_PUBLISH)
    entry = await service.update(session, entry_id=entry_id, entry_in=body, may_publish=may_publish)
    return FaqRead.model_validate(entry)


async def _publish(entry_id: int, session: SessionDep, published: bool) -> FaqRead:
    entry = await service.set_published(session, entry_id=entry_id, published=published)
    return FaqRead.model_validate(entry)


@staff_router.post(
    "/{entry_id}/publish",
    response_model=FaqRead,
    responses=errors(401, 404),
)
async def publish_entry(entry_id: int, session: SessionDep, _: CurrentStaff) -> FaqRead:
    """Any staff: make an entry visible to citizens."""
    return await _publish(entry_id, session, True)


@staff_router.post(
    "/{entry_id}/unpublish",
    response_model=FaqRead,
    responses=errors(401, 404),
)
async def unpublish_entry(entry_id: int, session: SessionDep, _: CurrentStaff) -> FaqRead:
    """Any staff: hide an entry from citizens."""
    return await _publish(entry_id, session, False)
