"""The FAQ editor: entries in both languages with their legal basis, a live preview of what
the bot will say, publish and unpublish (admins). The bot reads the published entry from the
API on every question (actions/faq.py), so a saved edit is its next answer — no retraining."""

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.deps import SessionDep
from api.core.errors import DeskError
from api.faq import service
from api.faq.models import FaqCategory, FaqEntry, FaqSection
from api.faq.schemas import FaqCreate, FaqUpdate
from api.staff.deps import SignedIn
from api.staff.policy import Permission, may
from desk.console.pages.cases import failure, staff_with
from desk.console.web import Screen, render

router = APIRouter(prefix="/console/faq")
FaqEditor = Annotated[SignedIn, Depends(staff_with(Permission.FAQ_EDIT))]
FaqPublisher = Annotated[SignedIn, Depends(staff_with(Permission.FAQ_PUBLISH))]
TEXT_FIELDS = ("question_zh", "question_en", "answer_zh", "answer_en", "article_zh", "article_en")
KEYWORD_SPLIT = re.compile(r"[,，、;；\n]+")


def _keywords(raw: str) -> list[str]:
    return [word.strip() for word in KEYWORD_SPLIT.split(raw) if word.strip()]


async def _form_values(request: Request) -> dict[str, Any]:
    """The editor's fields as the API's schema reads them (empty optional fields are None)."""
    form = await request.form()
    values: dict[str, Any] = {}
    for field in (*TEXT_FIELDS, "topic", "category", "section"):
        raw = str(form.get(field) or "").strip()
        values[field] = raw or None
    for field in ("keywords_zh", "keywords_en"):
        values[field] = _keywords(str(form.get(field) or ""))
    return values


async def _context(
    db: AsyncSession, who: SignedIn, entry: FaqEntry | None, **extra: Any
) -> dict[str, Any]:
    return {
        "entries": await service.list_all(db),
        "entry": entry,
        "previews": _previews(entry) if entry else None,
        "categories": list(FaqCategory),
        "sections": list(FaqSection),
        "may_publish": may(who.staff.role, Permission.FAQ_PUBLISH),
        **extra,
    }


def _previews(entry: FaqEntry) -> dict[str, str]:
    return {lang: service.bot_preview(entry, lang) for lang in ("zh-TW", "en")}


@router.get("")
async def faq_list(request: Request, db: SessionDep, who: FaqEditor) -> Response:
    """Any staff: every entry, published or draft; a blank editor."""
    return render(Screen(request, who), "faq.html", await _context(db, who, None))


@router.get("/{entry_id}")
async def faq_entry(entry_id: int, request: Request, db: SessionDep, who: FaqEditor) -> Response:
    """Any staff: one entry in the editor with the bot's answer beside it."""
    entry = await service.get(db, entry_id=entry_id)
    return render(Screen(request, who), "faq.html", await _context(db, who, entry))


async def _editor(
    request: Request, db: AsyncSession, who: SignedIn, entry: FaqEntry | None, **extra: Any
) -> Response:
    context = await _context(db, who, entry, oob=True, **extra)
    response = render(Screen(request, who), "partials/faq_editor.html", context)
    if entry is not None and entry.id:
        response.headers["HX-Push-Url"] = f"/console/faq/{entry.id}"
    return response


@router.post("")
async def create_entry(request: Request, db: SessionDep, who: FaqEditor) -> Response:
    """Any staff: a new entry (a draft until an admin publishes it)."""
    values = await _form_values(request)
    try:
        entry_in = FaqCreate.model_validate({k: v for k, v in values.items() if v is not None})
        entry = await service.create(db, entry_in=entry_in.model_copy(update={"published": False}))
    except (DeskError, ValidationError) as exc:
        return await _editor(request, db, who, None, error=failure(exc), draft=values)
    return await _editor(request, db, who, entry, message=Screen(request, who).t("saved"))


@router.post("/preview")
async def preview(request: Request, who: FaqEditor) -> Response:
    """Any staff: what the bot would say for the fields as typed (nothing is saved)."""
    values = await _form_values(request)
    context = {"previews": service.draft_previews(values)}
    return render(Screen(request, who), "partials/faq_preview.html", context)


@router.post("/{entry_id}")
async def update_entry(entry_id: int, request: Request, db: SessionDep, who: FaqEditor) -> Response:
    """Any staff: save a draft; a published entry's new text is the bot's next answer, so
    only those who may publish edit it."""
    values = await _form_values(request)
    values.pop("topic", None)
    # An empty legal basis clears it; every other field left empty keeps its text.
    sent = {k: v for k, v in values.items() if v is not None or k.startswith("article_")}
    try:
        entry_in = FaqUpdate.model_validate(sent)
        async with db.begin_nested():  # a refusal leaves the entry as it was
            may_publish = may(who.staff.role, Permission.FAQ_PUBLISH)
            entry = await service.update(
                db, entry_id=entry_id, entry_in=entry_in, may_publish=may_publish
            )
    except (DeskError, ValidationError) as exc:
        entry = await service.get(db, entry_id=entry_id)
        return await _editor(request, db, who, entry, error=failure(exc))
    return await _editor(request, db, who, entry, message=Screen(request, who).t("saved"))


async def _set_published(
    request: Request, db: AsyncSession, who: SignedIn, entry_id: int, published: bool
) -> Response:
    entry = await service.set_published(db, entry_id=entry_id, published=published)
    return await _editor(request, db, who, entry, message=Screen(request, who).t("saved"))


@router.post("/{entry_id}/publish")
async def publish(entry_id: int, request: Request, db: SessionDep, who: FaqPublisher) -> Response:
    """Admin: citizens (and the bot) see the entry."""
    return await _set_published(request, db, who, entry_id, True)


@router.post("/{entry_id}/unpublish")
async def unpublish(entry_id: int, request: Request, db: SessionDep, who: FaqPublisher) -> Response:
    """Admin: hide the entry from citizens and the bot."""
    return await _set_published(request, db, who, entry_id, False)
