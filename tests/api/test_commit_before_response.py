"""A success the API reports is already durable: the request's transaction commits before
the response leaves (FastAPI's default ends a `yield` dependency only after the response is
sent, so a client — the action server telling a citizen "a person will answer" — could act
on a write that was not committed yet, or that then failed)."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.citizens.models import Citizen
from api.conversations.models import Conversation
from tests.fixtures.app import bot_headers

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]


async def handed_off(engine: AsyncEngine, user_id: str) -> bool:
    """What another connection sees: only committed rows."""
    query = (
        select(Conversation.handoff_active)
        .join(Citizen, Citizen.id == Conversation.citizen_id)
        .where(Citizen.channel_user_id == user_id)
    )
    async with engine.connect() as conn:
        return any((await conn.execute(query)).scalars())


def seen_when_sent(
    app: FastAPI, check: Callable[[], Awaitable[bool]], seen: list[bool]
) -> Callable[..., Awaitable[None]]:
    """The app, with `check` run at the moment its response body goes to the client."""

    async def asgi(scope: Message, receive: Any, send: Send) -> None:
        async def send_checked(message: Message) -> None:
            if message["type"] == "http.response.body" and not message.get("more_body"):
                seen.append(await check())
            await send(message)

        await app(scope, receive, send_checked)

    return asgi


async def test_the_handoff_is_committed_before_the_action_server_hears_it(
    app: FastAPI, engine: AsyncEngine
) -> None:
    seen: list[bool] = []
    transport = httpx.ASGITransport(app=seen_when_sent(app, lambda: handed_off(engine, "c1"), seen))
    async with httpx.AsyncClient(transport=transport, base_url="http://desk.test") as client:
        response = await client.post(
            "/api/bot/handoff", json={"reason": "a person"}, headers=bot_headers("web:c1")
        )
    assert response.status_code == 200, response.text
    assert seen == [True]
