"""Talks to Rasa's REST channel; translates its answers into the neutral model."""

from typing import Any

import httpx

from bot.messages import Button, OutboundMessage


class RasaUnavailable(Exception):
    """Rasa did not answer (down, slow or erroring): the message waits for a retry."""


class RasaClient:
    def __init__(self, base_url: str, *, timeout: float, client: httpx.AsyncClient | None = None):
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout

    async def send(
        self, *, sender_id: str, text: str, language: str, channel: str
    ) -> list[OutboundMessage]:
        body = {
            "sender": sender_id,
            "message": text,
            "metadata": {"language": language, "channel": channel},
        }
        try:
            response = await self._client.post(self._url, json=body, timeout=self._timeout)
            response.raise_for_status()
            answers = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc) or type(exc).__name__) from exc
        return [to_outbound(answer, language) for answer in answers if isinstance(answer, dict)]

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
