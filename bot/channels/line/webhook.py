"""The LINE webhook: verify the signature over the raw body, store each event, ack fast."""

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import WebhookParser

from api.core.errors import DeskError, NotFound, Unauthorized
from bot.channels.line import adapter
from bot.gateway.runtime import gateway_of

log = logging.getLogger(__name__)
router = APIRouter(tags=["channels"])


class BadWebhook(DeskError):
    code = "bad_webhook"


@router.post("/webhooks/line", include_in_schema=False)
async def line_webhook(
    request: Request,
    x_line_signature: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """LINE only: each event is stored before the 200; answers follow in the background.
    503 when the database is unreachable (bot/gateway/intake.py): LINE sends the events
    again (those stored already are then duplicates)."""
    line = gateway_of(request).line
    if line is None:
        raise NotFound("LINE is not configured")
    if not x_line_signature:
        raise BadWebhook("missing x-line-signature")
    events = parse(line.parser, await request.body(), x_line_signature)
    for event in events:
        action = adapter.to_action(event)
        if action is not None:
            await line.pipeline.receive(action)
    return {}


def parse(parser: WebhookParser, body: bytes, signature: str) -> list[Any]:
    """Signature first (HMAC-SHA256 of the exact bytes), then the JSON."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadWebhook("body is not UTF-8") from exc
    try:
        events: list[Any] = parser.parse(text, signature)
    except InvalidSignatureError as exc:
        raise Unauthorized("invalid x-line-signature") from exc
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise BadWebhook("not a LINE webhook body") from exc
    return events
