"""The LINE webhook: verify the signature over the raw body, store each event, ack fast."""

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import WebhookParser

from api.core.errors import DeskError, NotFound, Unauthorized
from bot.channels.line import adapter
from bot.gateway.intake import StoreUnavailable, retry_later
from bot.gateway.runtime import gateway_of

log = logging.getLogger(__name__)
router = APIRouter(tags=["channels"])


class BadWebhook(DeskError):
    code = "bad_webhook"


@router.post("/webhooks/line", include_in_schema=False, response_model=None)
async def line_webhook(
    request: Request,
    x_line_signature: Annotated[str | None, Header()] = None,
) -> dict[str, Any] | JSONResponse:
    """LINE only: each event is stored before the 200; answers follow in the background.
    503 when the database is unreachable: LINE sends the events again (those stored
    already are then duplicates)."""
    line = gateway_of(request).line
    if line is None:
        raise NotFound("LINE is not configured")
    if not x_line_signature:
        raise BadWebhook("missing x-line-signature")
    events = parse(line.parser, await request.body(), x_line_signature)
    try:
        for event in events:
            action = adapter.to_action(event)
            if action is not None:
                await line.pipeline.receive(action)
    except StoreUnavailable as exc:
        log.warning("LINE events not stored, asked to redeliver: %s", exc)
        return retry_later()
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
