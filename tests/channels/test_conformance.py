"""Public evaluation data: LINE's signature vectors and every LINE event type."""

import json

import httpx
import pytest
from fastapi import FastAPI
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhook import WebhookParser

from api.core.errors import Unauthorized
from bot.channels.line.webhook import BadWebhook, parse
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import EVAL_DIR
from tests.fakes.line_platform import FakeLine

VECTORS = json.loads((EVAL_DIR / "line_signature_vectors.json").read_text())["vectors"]
EVENTS_FILE = EVAL_DIR / "line_webhook_events_v3.json"


def _body(vector: dict[str, str]) -> bytes:
    if "body_file" in vector:
        path = EVAL_DIR / vector["body_file"].split(" ")[0]
        if not path.exists():
            pytest.skip(f"{path.name} is not in the shared eval set")
        return path.read_bytes()
    return vector["body"].encode()


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_signature_vector(vector: dict[str, str]) -> None:
    parser = WebhookParser(vector["channel_secret"])
    body = _body(vector)
    expected = str(vector["expected_valid"]) == "True"
    try:
        parse(parser, body, vector["x_line_signature"])
        valid = True
    except Unauthorized as exc:  # 401: the signature did not match
        assert isinstance(exc.__cause__, InvalidSignatureError)
        valid = False
    except BadWebhook:  # 400 after a good signature: the body is not a webhook
        valid = True
    assert valid is expected


async def test_every_event_type_is_accepted_without_an_error(
    client: httpx.AsyncClient, app: FastAPI, fake_line: tuple[FakeLine, str]
) -> None:
    """The file is signed with the secret "channel_secret"; we re-sign with ours."""
    from tests.channels.conftest import sign

    body = EVENTS_FILE.read_bytes()
    headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
    response = await client.post("/webhooks/line", content=body, headers=headers)
    assert response.status_code == 200
    await gateway_of(app).queues.idle()
    # Every event shares one webhookEventId: the first (a text message) is answered, once.
    assert len(fake_line[0].pushes()) + len(fake_line[0].replies()) == 1
