"""Rendering a help page: the reader's language, links that keep it, the page's meta
tags, and the headers every page carries (strict CSP: no inline script or style)."""

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.faq.schemas import Language
from desk.help.texts import labels
from textkit.language import EN, ZH

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
HTML_LANG = {ZH: "zh-Hant-TW", EN: "en"}
OG_LOCALE = {ZH: "zh_TW", EN: "en_US"}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # Public pages: a short cache; the URL carries everything that varies except htmx.
    "Cache-Control": "public, max-age=60",
    "Vary": "HX-Request",
}


def language_of(request: Request) -> Language:
    """English only when asked for with ?lang=en; Traditional Chinese otherwise."""
    return "en" if request.query_params.get("lang") == EN else "zh-TW"


@dataclass
class Page:
    """What every template gets: the language, its words and link builders."""

    request: Request
    title: str = ""
    description: str = ""
    lang: Language = field(init=False)

    def __post_init__(self) -> None:
        self.lang = language_of(self.request)

    def t(self, key: str, **values: Any) -> str:
        text = labels()[key].pick(self.lang)
        return text.format(**values) if values else text

    def with_meta(self, title: str, description: str) -> "Page":
        """This page with its <title> and meta description."""
        return replace(self, title=title, description=description)

    def pick(self, zh: str, en: str) -> str:
        return en if self.lang == EN else zh

    def href(self, path: str, **params: str) -> str:
        """A link to `path` that keeps the reader's language."""
        if self.lang == EN:
            params = {**params, "lang": EN}
        return f"{path}?{urlencode(params)}" if params else path

    def other_language_href(self) -> str:
        """This very page in the other language (query kept, only `lang` changes)."""
        query = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        if self.lang == ZH:
            query.append(("lang", EN))
        path = self.request.url.path
        return f"{path}?{urlencode(query)}" if query else path

    def chat_href(self, topic: str | None = None, start: str | None = None) -> str:
        """The web chat at `/`, told what to start with (its script turns it into a message)."""
        params = {key: value for key, value in (("start", start), ("topic", topic)) if value}
        return self.href("/", **params)


def render(
    page: Page,
    template: str,
    *,
    status_code: int = 200,
    context: dict[str, Any] | None = None,
    **values: Any,
) -> HTMLResponse:
    """The template with the page, its language attributes, `context` and `values`."""
    headers = {**HEADERS, "Content-Language": page.lang}
    common = {"page": page, "html_lang": HTML_LANG[page.lang], "og_locale": OG_LOCALE[page.lang]}
    return TEMPLATES.TemplateResponse(
        page.request,
        template,
        common | (context or {}) | values,
        status_code=status_code,
        headers=headers,
    )
