"""Domain errors carry their HTTP status; one handler renders them."""

from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class DeskError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFound(DeskError):
    status_code = 404
    code = "not_found"


class Conflict(DeskError):
    status_code = 409
    code = "conflict"


class Unprocessable(DeskError):
    status_code = 422
    code = "unprocessable"


class Unauthorized(DeskError):
    status_code = 401
    code = "unauthorized"


class Forbidden(DeskError):
    status_code = 403
    code = "forbidden"


async def _render(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DeskError)
    body: dict[str, Any] = {"error": exc.code, "message": exc.message}
    if exc.detail:
        body["detail"] = exc.detail
    return JSONResponse(status_code=exc.status_code, content=body)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DeskError, _render)
