"""Calls to LINE go out without consulting the environment per request (bot/channels/line/
sender.py): the SDK's aiohttp session trusts the environment, which cost two worker-thread
hops (~/.netrc, proxy variables) per call; the proxy variables are read once instead."""

from typing import Any

import httpx
import pytest
from aiohttp import helpers
from fastapi import FastAPI

from bot.channels.line.sender import env_proxy
from bot.gateway.runtime import gateway_of
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine


async def test_a_turn_reaches_line_without_reading_the_environment_per_request(
    client: httpx.AsyncClient,
    app: FastAPI,
    fake_line: tuple[FakeLine, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line, _ = fake_line
    lookups: list[str] = []

    def counting(name: str, real: Any) -> Any:
        def lookup(*args: Any, **kwargs: Any) -> Any:
            lookups.append(name)
            return real(*args, **kwargs)

        return lookup

    # Looked up by aiohttp's client module under these names on each request it makes.
    monkeypatch.setattr("aiohttp.client.get_env_proxy_for_url",
                        counting("proxy", helpers.get_env_proxy_for_url))  # fmt: skip
    monkeypatch.setattr("aiohttp.client.netrc_from_env",
                        counting("netrc", helpers.netrc_from_env))  # fmt: skip
    token = line.issue_reply_token()
    body = line_body(text_event("Usession", "hi", event_id="s1", token=token))
    headers = {"Content-Type": "application/json", "X-Line-Signature": sign(body)}
    assert (await client.post("/webhooks/line", content=body, headers=headers)).status_code == 200
    await gateway_of(app).queues.idle()

    assert [r.reply_token for r in line.replies()] == [token]
    assert any(s.kind == "loading" for s in line.sent)
    assert lookups == []


def test_the_proxy_the_environment_names_is_kept_unless_no_proxy_exempts_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert env_proxy("https://api.line.me") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.city.example:3128")
    assert env_proxy("https://api.line.me") == "http://proxy.city.example:3128"
    monkeypatch.setenv("NO_PROXY", "api.line.me")
    assert env_proxy("https://api.line.me") is None
