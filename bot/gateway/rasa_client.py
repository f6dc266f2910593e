"""Talks to Rasa's REST channel; translates its answers into the neutral model.

With several Rasa servers (production) each citizen goes to one of them, chosen by a
stable hash of the sender id, so one conversation's turns reach the same server and its
tracker lock is uncontended. When that server cannot be reached the next one in the ring
takes the turn (the tracker store and lock store are shared, so any server can)."""

import hashlib
from collections.abc import Sequence
from typing import Any

import httpx

from api.core.signing import METADATA_KEY, sign_sender
from bot.messages import Button, OutboundMessage

PATH = "/webhooks/rest/webhook"
# A server that does not accept a connection this fast is treated as down.
CONNECT_TIMEOUT = 2.0


class RasaUnavailable(Exception):
    """Rasa did not answer (down, slow or erroring): the message waits for a retry."""


def server_order(sender_id: str, count: int) -> list[int]:
    """The servers to try for this sender: its own (stable hash), then the others in turn."""
    digest = hashlib.sha256(sender_id.encode()).digest()
    first = int.from_bytes(digest[:8], "big") % count
    return [(first + step) % count for step in range(count)]


class RasaClient:
    def __init__(
        self,
        base_urls: str | Sequence[str],
        *,
        timeout: float,
        client: httpx.AsyncClient | None = None,
        sender_key: bytes | None = None,
    ):
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        self._urls = [url.rstrip("/") + PATH for url in urls]
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT))
        self._client = client or httpx.AsyncClient(timeout=self._timeout)
        # Signs the sender id for the desk API (through Rasa and the action server).
        self._sender_key = sender_key

    async def send(
        self, *, sender_id: str, text: str, language: str, channel: str
    ) -> list[OutboundMessage]:
        metadata = self._metadata(sender_id) | {"language": language, "channel": channel}
        body = {"sender": sender_id, "message": text, "metadata": metadata}
        answers = await self._post_to_one(sender_id, body)
        return [to_outbound(answer, language) for answer in answers if isinstance(answer, dict)]

    def _metadata(self, sender_id: str) -> dict[str, str]:
        if self._sender_key is None:
            return {}
        return {METADATA_KEY: sign_sender(self._sender_key, sender_id)}

    async def _post_to_one(self, sender_id: str, body: dict[str, Any]) -> list[Any]:
        """The sender's server; the next only when a connection could not even be made
        (a server that took the message and then failed may have run it: no second try)."""
        refused: list[str] = []
        for index in server_order(sender_id, len(self._urls)):
            try:
                response = await self._client.post(
                    self._urls[index], json=body, timeout=self._timeout
                )
                response.raise_for_status()
                answers = response.json()
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                refused.append(f"{self._urls[index]}: {type(exc).__name__}")
                continue
            except (httpx.HTTPError, ValueError) as exc:
                raise RasaUnavailable(str(exc) or type(exc).__name__) from exc
            return answers if isinstance(answers, list) else []
        raise RasaUnavailable("no Rasa server reachable: " + "; ".join(refused))

    async def aclose(self) -> None:
        await self._client.aclose()


def to_outbound(answer: dict[str, Any], language: str) -> OutboundMessage:
    buttons = tuple(
        Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
        for b in answer.get("buttons") or []
    )
    custom = answer.get("custom")
    return OutboundMessage(
        text=str(answer.get("text") or ""),
        buttons=buttons,
        image_url=answer.get("image"),
        custom=custom if isinstance(custom, dict) else None,
        language=language,
    )
