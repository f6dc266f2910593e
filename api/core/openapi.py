"""The OpenAPI document describes the error bodies the desk really sends."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.core.schemas import ErrorRead


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
            components.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
