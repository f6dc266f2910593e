"""A local fake of the Telegram Bot API: the token in the path, the parameters checked
like Telegram (text length, inline keyboard, callback_data ≤ 64 bytes), sends recorded."""

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT = {"id": 123456, "is_bot": True, "first_name": "Desk", "username": "khh_desk_bot"}


@dataclass
class FakeTelegram:
    token: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self._call, methods=["POST"])])

    async def _call(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return _fail(401, "Unauthorized")
        method = request.path_params["method"]
        params = await _params(request)
        handler = _HANDLERS.get(method)
        if handler is None:
            return _fail(404, "Not Found: method not found")
        problem = handler(params)
        if problem:
            return _fail(400, f"Bad Request: {problem}")
        self.calls.append((method, params))
        result = _RESULTS[method](params) if method in _RESULTS else True
        return JSONResponse({"ok": True, "result": result})


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        data: dict[str, Any] = await request.json()
        return data
    form = await request.form()
    return {key: _maybe_json(str(value)) for key, value in form.items()}


def _maybe_json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _check_message(params: dict[str, Any]) -> str | None:
    if "chat_id" not in params:
        return "chat_id is empty"
    if not 1 <= len(str(params.get("text", ""))) <= 4096:
        return "message text is empty or too long"
    for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
        for button in row:
            if len(str(button.get("callback_data", "")).encode()) > 64:
                return "BUTTON_DATA_INVALID"
    return None


def _nothing(_params: dict[str, Any]) -> str | None:
    return None


def _message_result(params: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": int(params["chat_id"]), "type": "private"}
    return {"message_id": 1, "date": 0, "chat": chat, "text": params["text"]}


_HANDLERS = {
    "getMe": _nothing,
    "sendMessage": _check_message,
    "sendChatAction": _nothing,
    "answerCallbackQuery": _nothing,
}
_RESULTS: dict[str, Any] = {
    "getMe": lambda _p: BOT,
    "sendMessage": _message_result,
}


def _fail(status: int, description: str) -> JSONResponse:
    body = {"ok": False, "error_code": status, "description": description}
    return JSONResponse(body, status_code=status)
