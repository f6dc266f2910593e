"""The Rasa REST client against a real local HTTP server speaking Rasa's REST shape."""

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any

import pytest

from api.core.signing import sign_sender
from bot.gateway.rasa_client import RasaClient, RasaUnavailable, server_order
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


async def test_the_gateway_signs_the_sender_in_the_metadata(rest_channel: str) -> None:
    client = RasaClient(rest_channel, timeout=5, sender_key=b"key")
    await client.send(sender_id="line:U1", text="hi", language="en", channel="line")
    await client.aclose()
    metadata = _RestChannel.received[-1]["metadata"]
    assert metadata["sender_signature"] == sign_sender(b"key", "line:U1")
    assert metadata["language"] == "en" and metadata["channel"] == "line"


def test_each_sender_has_one_server_and_senders_spread_over_all() -> None:
    orders = {sender: server_order(sender, 2) for sender in (f"line:U{i}" for i in range(200))}
    assert all(server_order(sender, 2) == order for sender, order in orders.items())
    firsts = [order[0] for order in orders.values()]
    assert 60 < firsts.count(0) < 140  # roughly half each
    assert all(sorted(order) == [0, 1] for order in orders.values())


async def test_a_refused_connection_fails_over_to_the_other_server(rest_channel: str) -> None:
    dead = "http://127.0.0.1:9"
    for sender in ("web:a", "web:b", "web:c", "web:d"):
        # Whichever server the sender's hash picks, the live one answers.
        client = RasaClient([dead, rest_channel], timeout=5)
        answers = await client.send(sender_id=sender, text="你好", language="zh-TW", channel="web")
        await client.aclose()
        assert answers[0].text == "您好"


async def test_a_server_that_took_the_message_and_failed_is_not_retried_elsewhere(
    rest_channel: str,
) -> None:
    # 404 from the first server (it took the request): the turn may have run there.
    before = len(_RestChannel.received)
    wrong_path = rest_channel + "/nope"
    client = RasaClient([wrong_path, wrong_path], timeout=5)
    with pytest.raises(RasaUnavailable):
        await client.send(sender_id="web:x", text="hi", language="en", channel="web")
    await client.aclose()
    assert len(_RestChannel.received) == before + 1


async def test_no_reachable_server_is_unavailable() -> None:
    client = RasaClient(["http://127.0.0.1:9", "http://127.0.0.1:7"], timeout=0.5)
    with pytest.raises(RasaUnavailable, match="no Rasa server reachable"):
        await client.send(sender_id="web:x", text="hi", language="en", channel="web")
    await client.aclose()
