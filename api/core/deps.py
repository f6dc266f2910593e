"""Request dependencies: one session per request, committed at the boundary."""

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.config import Settings
from api.core.db import session_scope
from api.core.errors import Unauthorized
from api.core.signing import sender_signature_valid


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with session_scope(request.app.state.sessionmaker) as session:
        yield session


# scope="function": the request's transaction commits before the response is sent, so a
# success the client hears is durable (FastAPI's default would commit after sending it).
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def require_service_token(
    settings: SettingsDep, authorization: Annotated[str, Header()] = ""
) -> None:
    """The action server (and only it) holds the service token."""
    scheme, _, token = authorization.partition(" ")
    expected = settings.service_token.get_secret_value()
    if scheme.lower() != "bearer" or not expected or not hmac.compare_digest(token, expected):
        raise Unauthorized("a valid service token is required")


async def bot_sender(
    _: Annotated[None, Depends(require_service_token)],
    settings: SettingsDep,
    x_desk_sender: Annotated[str, Header()],
    x_desk_sender_signature: Annotated[
        str,
        Header(description="The gateway's signature of X-Desk-Sender (api/core/signing.py)"),
    ] = "",
) -> str:
    """The citizen the bot acts for: Rasa's sender id, set by the gateway from a verified
    channel identity (`line:U…`, `telegram:123`, `web:…`) and signed by it; the service
    token alone does not vouch for it. A wrong signature is always refused, a missing one
    when signatures are required (SENDER_SIGNING_KEY set, or production mode)."""
    if x_desk_sender_signature or settings.sender_signature_required:
        key = settings.sender_key()
        if not sender_signature_valid(key, x_desk_sender, x_desk_sender_signature):
            raise Unauthorized("the sender is not signed by the gateway")
    return x_desk_sender


BotSender = Annotated[str, Depends(bot_sender)]
