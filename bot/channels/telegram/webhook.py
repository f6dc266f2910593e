"""The Telegram webhook: the secret token on every request, store, ack with 200.

Any update the desk cannot use still gets a 200: an error status makes Telegram
redeliver it forever."""

import hmac
import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from api.core.errors import NotFound, Unauthorized
from bot.gateway.runtime import gateway_of

log = logging.getLogger(__name__)
router = APIRouter(tags=["channels"])


@router.post("/webhooks/telegram", include_in_schema=False)
async def telegram_webhook(
    request: Request,
    x_telegram_bot_api_secret_token: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Telegram only: the update is stored before the 200; answers follow in the background.
    503 when the database is unreachable (bot/gateway/intake.py): Telegram sends it again."""
    telegram = gateway_of(request).telegram
    if telegram is None:
        raise NotFound("Telegram is not configured")
    if not _secret_ok(telegram.webhook_secret, x_telegram_bot_api_secret_token):
        raise Unauthorized("invalid secret token")
    try:
        data = json.loads(await request.body())
    except ValueError:
        log.info("telegram webhook body is not JSON; ignored")
        return {}
    await telegram.receive(data)
    return {}


def _secret_ok(expected: str, given: str | None) -> bool:
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)
