"""A desk worker is warm when it starts taking requests (desk/warmup.py): the first real
request — often a platform's webhook waiting for its ack — builds no route state."""

from typing import Any

import httpx
import pytest
from fastapi import routing


async def test_the_first_request_after_start_up_builds_no_route_state(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FastAPI 0.165 builds each route's state through this classmethod, once per process.
    built: list[str] = []
    build = routing._EffectiveRouteContext.from_api_route

    def counting(**kwargs: Any) -> Any:
        built.append(kwargs["original_route"].path)
        return build(**kwargs)

    monkeypatch.setattr(routing._EffectiveRouteContext, "from_api_route", counting)
    assert (await client.get("/api/faq/topics")).status_code < 500
    assert (await client.post("/webhooks/line", content=b"{}")).status_code < 500
    assert built == []
