"""Domain errors carry their HTTP status; one handler renders them."""

from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError


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


async def _render_validation(_request: Request, exc: Exception) -> JSONResponse:
    """422 with field detail, in the same envelope; the input itself is not echoed
    (it may hold personal data)."""
    assert isinstance(exc, RequestValidationError)
    fields = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    body = {"error": "validation_error", "message": "invalid input", "detail": {"fields": fields}}
    return JSONResponse(status_code=422, content=body)


async def _render_integrity(_request: Request, exc: Exception) -> JSONResponse:
    """A unique or check constraint the services did not foresee is a conflict, not a 500."""
    return JSONResponse(
        status_code=409,
        content={"error": "conflict", "message": "the change conflicts with existing data"},
    )


async def _render_out_of_range(_request: Request, exc: Exception) -> JSONResponse:
    """A number beyond what the database stores (an id of 2**70): refused, not a 500.
    SQLite's driver raises OverflowError, PostgreSQL a DataError."""
    return JSONResponse(
        status_code=422,
        content={"error": "unprocessable", "message": "a number in the request is out of range"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DeskError, _render)
    app.add_exception_handler(RequestValidationError, _render_validation)
    app.add_exception_handler(IntegrityError, _render_integrity)
    app.add_exception_handler(OverflowError, _render_out_of_range)
    app.add_exception_handler(DataError, _render_out_of_range)
