"""The case list: filters by stage, category, overdue, officer and business, search by case
number or business, the count of matching cases, and pages of PAGE_SIZE, newest first.

The pages are plain links (`?page=N` with every filter and the search kept), so paging
works without JavaScript; with htmx the filter form redraws the rows, the count and the
page links together (partials/case_rows.html)."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.cases import stages, work
from api.cases.models import CaseCategory
from api.cases.schemas import CaseFilter
from api.core.deps import SessionDep
from api.core.time import local_today
from desk.console.pages.cases import CaseReader, officer_names
from desk.console.web import Screen, is_htmx, render

router = APIRouter(prefix="/console/cases")
PAGE_SIZE = 50


@dataclass(frozen=True)
class Pages:
    """Which page of the matching cases is shown, and the links to the others."""

    number: int
    count: int  # matching cases, on every page
    query: dict[str, str]  # the filters and search, kept in every page link

    @property
    def total(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def offset(self) -> int:
        return (self.number - 1) * PAGE_SIZE

    def link(self, number: int) -> str:
        return "/console/cases?" + urlencode({**self.query, "page": str(number)})

    @property
    def previous(self) -> str | None:
        return self.link(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.link(self.number + 1) if self.number < self.total else None


def _filters(request: Request) -> CaseFilter:
    raw = {k: v for k, v in request.query_params.items() if v != "" and k != "page"}
    try:
        return CaseFilter.model_validate(raw)
    except ValidationError:
        return CaseFilter()


def _kept(filters: CaseFilter) -> dict[str, str]:
    """The filters as the form sends them (what a page link must carry)."""
    kept = filters.model_dump(mode="json", exclude_defaults=True)
    return {k: "true" if v is True else str(v) for k, v in kept.items()}


def _page_asked(request: Request) -> int:
    asked = request.query_params.get("page", "1")
    return int(asked) if asked.isdigit() and int(asked) > 0 else 1


async def _list_context(db: AsyncSession, filters: CaseFilter, asked: int) -> dict[str, Any]:
    count = await work.count(db, filters=filters)
    pages = Pages(number=1, count=count, query=_kept(filters))
    pages = Pages(number=min(asked, pages.total), count=count, query=pages.query)
    found = await work.find(db, filters=filters, limit=PAGE_SIZE, offset=pages.offset)
    return {
        "cases": found,
        "pages": pages,
        "filters": filters,
        "today": local_today(),
        "officers": await officer_names(db),
        "stages": stages.STATUS_LABELS,
        "categories": list(CaseCategory),
        "is_overdue": work.is_overdue,
    }


@router.get("")
async def case_list(request: Request, db: SessionDep, who: CaseReader) -> Response:
    """Any staff: cases by stage, category, overdue, officer, business; search by number."""
    context = await _list_context(db, _filters(request), _page_asked(request))
    screen = Screen(request, who)
    if is_htmx(request) and request.headers.get("HX-Target") == "case-rows":
        return render(screen, "partials/case_rows.html", context)
    return render(screen, "cases.html", context)
