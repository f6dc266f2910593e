"""A tiny stand-in speaking Rasa's REST channel shape, for channel-level unit tests only
(the end-to-end tests in tests/channels/e2e use the real Rasa server)."""

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BUTTONS = [{"title": "是", "payload": "/affirm"}, {"title": "否", "payload": "/deny"}]


@dataclass
class FakeRasa:
    down: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/webhooks/rest/webhook", self._webhook, methods=["POST"])])

    async def _webhook(self, request: Request) -> Response:
        if self.down:
            return JSONResponse({"error": "down"}, status_code=503)
        body = await request.json()
        assert set(body) == {"sender", "message", "metadata"}
        self.received.append(body)
        return JSONResponse(answer(body))


def answer(body: dict[str, Any]) -> list[dict[str, Any]]:
    sender, text = body["sender"], body["message"]
    if text == "buttons":
        return [{"recipient_id": sender, "text": "Is this right?", "buttons": BUTTONS}]
    if text == "slots":
        choices = [
            {"title": f"12/{d} 10:00", "payload": f'/inform{{"slot_id":"{d}"}}'} for d in (1, 2)
        ]
        return [
            {
                "recipient_id": sender,
                "text": "Pick a slot",
                "custom": {"type": "slot_choices", "choices": choices},
            }
        ]
    if text == "many":
        return [{"recipient_id": sender, "text": f"part {i}"} for i in range(7)]
    return [{"recipient_id": sender, "text": f"echo: {text}"}]
