"""The OpenAPI document describes the error bodies and status codes the desk really sends.

Some answers can come from any route of a kind, not from the route's own code: the body
limit (413, desk/limits.py), a body FastAPI cannot parse (400), a conflict any write may
meet (409, the IntegrityError handler), a missing path resource (404), a refused sign-in
(401/403). They are added to every operation they apply to, so a client (and schemathesis
in CI) finds each one."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.core.schemas import ErrorRead

WRITES = frozenset({"post", "put", "patch", "delete"})
COMMON: dict[int, str] = {
    401: "Not authenticated",
    403: "Role not allowed",
    404: "Not found (or not yours)",
    409: "Conflicts with the current state",
    413: "Request body over the route's limit (detail.limit, in bytes)",
    422: "Invalid input: detail.fields lists each bad field",
}
ERROR_REF = {"$ref": "#/components/schemas/ErrorRead"}
# FastAPI's own answer to a body it cannot parse (not JSON, not UTF-8): {"detail": "…"}.
MALFORMED_BODY = {
    "description": "Malformed body: not JSON, or not in the declared media type",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ParseErrorRead"}}},
}
PARSE_ERROR = {
    "title": "ParseErrorRead",
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _codes_for(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    codes = [413]  # every request passes the body limit first
    signed_in = bool(operation.get("security")) or path.startswith(("/api/bot/", "/chat/"))
    if signed_in:
        codes += [401, 403]
    if "{" in path:
        codes.append(404)
    if method in WRITES:
        codes += [409, 422]
    return codes


def document_common_errors(schema: dict[str, Any]) -> None:
    """Add the answers any route of a kind may give, without overriding a route's own."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                responses.setdefault("400", MALFORMED_BODY)
            for code in _codes_for(path, method, operation):
                responses.setdefault(
                    str(code),
                    {
                        "description": COMMON[code],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )


def install_openapi(app: FastAPI) -> None:
    """FastAPI documents its own 422 body; ours is the one error envelope (api/core/errors)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            envelope = ErrorRead.model_json_schema(ref_template="#/components/schemas/{model}")
            envelope["description"] = "Validation failed: detail.fields lists each bad field."
            components["HTTPValidationError"] = envelope
            components.setdefault(
                "ErrorRead",
                ErrorRead.model_json_schema(ref_template="#/components/schemas/{model}"),
            )
            components.setdefault("ParseErrorRead", PARSE_ERROR)
            components.pop("ValidationError", None)
            document_common_errors(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
