"""What the bot understood of a citizen's turn, read back from Rasa after it answered.

Rasa's REST channel answers with texts only; the intent, its confidence and the entities
are the tracker's `latest_message` (`GET /conversations/{sender}/tracker` with
`include_events=NONE`, so the answer stays small however long the conversation; Rasa's
HTTP API with its token). Best effort: a failed read costs the console a detail, never the
citizen an answer."""

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from api.core.config import Settings
from bot.gateway.rasa_client import server_order

log = logging.getLogger(__name__)
TIMEOUT = 3.0


def latest_understanding(tracker: dict[str, Any], text: str) -> dict[str, Any] | None:
    """{intent, confidence, entities} of the tracker's latest message, if it is `text`."""
    parse = tracker.get("latest_message") or {}
    if (parse.get("text") or "") != text:
        return None  # another turn got in between: do not pin its meaning on this message
    intent = parse.get("intent") or {}
    entities = {
        str(e.get("entity")): str(e.get("value"))
        for e in parse.get("entities") or []
        if e.get("entity")
    }
    return {
        "intent": str(intent.get("name") or ""),
        "confidence": round(float(intent.get("confidence") or 0.0), 3),
        "entities": entities,
    }


class TrackerReader:
    """Reads the citizen's tracker from Rasa's HTTP API, on the server that has just answered
    the citizen (the same stable choice as the REST channel's; the store is shared anyway)."""

    def __init__(
        self,
        base_urls: str | Sequence[str],
        *,
        token: str,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        self._bases = [url.rstrip("/") for url in urls]
        self._token = token
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT)

    @classmethod
    def from_settings(cls, settings: Settings) -> "TrackerReader":
        return cls(settings.rasa_servers, token=settings.rasa_token.get_secret_value())

    async def understood(self, *, sender_id: str, text: str) -> dict[str, Any] | None:
        base = self._bases[server_order(sender_id, len(self._bases))[0]]
        url = f"{base}/conversations/{quote(sender_id, safe='')}/tracker"
        params = {"include_events": "NONE"}
        if self._token:
            params["token"] = self._token
        try:
            response = await self._client.get(url, params=params, timeout=TIMEOUT)
            response.raise_for_status()
            tracker = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.info("tracker read failed: %s", type(exc).__name__)
            return None
        return latest_understanding(tracker, text) if isinstance(tracker, dict) else None

    async def aclose(self) -> None:
        await self._client.aclose()
