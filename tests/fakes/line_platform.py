"""A local fake of the LINE Messaging API and content API that checks each request the
way LINE does (bearer token, JSON shape, limits, single-use reply tokens, retry keys)
and records what was sent."""

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

MESSAGE_TYPES = {
    "text",
    "image",
    "video",
    "audio",
    "location",
    "sticker",
    "imagemap",
    "template",
    "flex",
}


@dataclass
class Sent:
    kind: str  # reply, push, loading
    to: str | None
    messages: list[dict[str, Any]]
    reply_token: str | None = None
    retry_key: str | None = None


@dataclass
class FakeLine:
    access_token: str
    sent: list[Sent] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    _tokens: dict[str, bool] = field(default_factory=dict)
    _retry_keys: set[str] = field(default_factory=set)
    content: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def issue_reply_token(self) -> str:
        token = secrets.token_hex(16)
        self._tokens[token] = False
        return token

    def replies(self) -> list[Sent]:
        return [s for s in self.sent if s.kind == "reply"]

    def pushes(self) -> list[Sent]:
        return [s for s in self.sent if s.kind == "push"]

    def texts(self) -> list[str]:
        return [m.get("text", "") for s in self.sent if s.kind != "loading" for m in s.messages]

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v2/bot/message/reply", self._reply, methods=["POST"]),
                Route("/v2/bot/message/push", self._push, methods=["POST"]),
                Route("/v2/bot/chat/loading/start", self._loading, methods=["POST"]),
                Route("/v2/bot/message/{message_id}/content", self._content, methods=["GET"]),
            ]
        )

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.access_token}"

    async def _checked(self, request: Request) -> tuple[dict[str, Any] | None, Response | None]:
        if not self._authorised(request):
            return None, _error(
                401, "Authentication failed due to the following reason: invalid token"
            )
        if self.fail_next:
            return None, _error(self.fail_next.pop(0), "injected failure")
        try:
            body = await request.json()
        except ValueError:
            return None, _error(400, "The request body has 1 error(s)")
        problem = _message_problem(body.get("messages"))
        return (None, _error(400, problem)) if problem else (body, None)

    async def _reply(self, request: Request) -> Response:
        body, refused = await self._checked(request)
        if refused:
            return refused
        assert body is not None
        token = body.get("replyToken")
        if token not in self._tokens or self._tokens[token]:
            return _error(400, "Invalid reply token")
        self._tokens[token] = True
        self.sent.append(Sent("reply", None, body["messages"], reply_token=token))
        return JSONResponse({"sentMessages": [{"id": "1"} for _ in body["messages"]]})

    async def _push(self, request: Request) -> Response:
        key = request.headers.get("x-line-retry-key", "")
        try:
            uuid.UUID(key)
        except ValueError:
            return _error(400, "The retry key must be a UUID")
        body, refused = await self._checked(request)
        if refused:
            return refused
        assert body is not None
        if key in self._retry_keys:
            return _error(409, "The retry key is already accepted")
        if not isinstance(body.get("to"), str):
            return _error(400, "The property, 'to', in the request body is invalid")
        self._retry_keys.add(key)
        self.sent.append(Sent("push", body["to"], body["messages"], retry_key=key))
        return JSONResponse({"sentMessages": [{"id": "1"} for _ in body["messages"]]})

    async def _loading(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "invalid token")
        body = await request.json()
        seconds = body.get("loadingSeconds", 20)
        if not isinstance(body.get("chatId"), str) or seconds % 5 or not 5 <= seconds <= 60:
            return _error(400, "invalid loading request")
        self.sent.append(Sent("loading", body["chatId"], []))
        return JSONResponse({}, status_code=202)

    async def _content(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "invalid token")
        found = self.content.get(request.path_params["message_id"])
        if found is None:
            return _error(404, "Not found")
        return Response(found[0], media_type=found[1])


def _message_problem(messages: Any) -> str | None:
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return "messages: must be between 1 and 5 messages"
    for message in messages:
        if message.get("type") not in MESSAGE_TYPES:
            return "messages[].type: invalid"
        if message["type"] == "text" and not 1 <= len(message.get("text", "")) <= 5000:
            return "messages[].text: must be 1..5000 characters"
        items = (message.get("quickReply") or {}).get("items", [])
        if len(items) > 13 or any(len(i["action"].get("label", "")) > 20 for i in items):
            return "messages[].quickReply: at most 13 items, labels up to 20 characters"
    return None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status)
