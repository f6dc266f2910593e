"""The Rasa REST client against a real local HTTP server speaking Rasa's REST shape."""

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any

import pytest

from bot.gateway.rasa_client import RasaClient, RasaUnavailable
from bot.messages import Button


class _RestChannel(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []  # noqa: RUF012 - shared with the test on purpose

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append(body)
        if self.path != "/webhooks/rest/webhook":
            self.send_response(404)
            self.end_headers()
            return
        answer = [
            {
                "recipient_id": body["sender"],
                "text": "您好",
                "buttons": [{"title": "申訴", "payload": "/file_complaint"}],
            },
            {"recipient_id": body["sender"], "custom": {"kind": "slots", "slots": []}},
        ]
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def rest_channel() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RestChannel)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_sends_sender_text_and_language_and_maps_buttons(rest_channel: str) -> None:
    client = RasaClient(rest_channel, timeout=5)
    answers = await client.send(sender_id="line:U1", text="你好", language="zh-TW", channel="line")
    await client.aclose()
    assert _RestChannel.received[-1] == {
        "sender": "line:U1",
        "message": "你好",
        "metadata": {"language": "zh-TW", "channel": "line"},
    }
    assert answers[0].text == "您好"
    assert answers[0].buttons == (Button("申訴", "/file_complaint"),)
    assert answers[1].custom == {"kind": "slots", "slots": []}


async def test_unreachable_rasa_is_reported_as_unavailable() -> None:
    client = RasaClient("http://127.0.0.1:9", timeout=0.5)
    with pytest.raises(RasaUnavailable):
        await client.send(sender_id="web:x", text="hi", language="en", channel="web")
    await client.aclose()
