"""End-to-end channel tests against the real stack (`desk_stack` from tests/e2e/conftest.py).

The fakes of LINE and Telegram start first and export their URLs and secrets in the
environment, so the desk app the stack launches talks to them through the real SDKs."""

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.channels.conftest import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN
from tests.fakes.line_platform import FakeLine
from tests.fakes.server import serve
from tests.fakes.telegram_api import FakeTelegram


@dataclass
class ChannelFakes:
    line: FakeLine
    telegram: FakeTelegram


@pytest.fixture(scope="session")
def channel_fakes() -> Iterator[ChannelFakes]:
    fakes = ChannelFakes(FakeLine(access_token=LINE_TOKEN), FakeTelegram(token=TELEGRAM_TOKEN))
    with serve(fakes.line.app()) as line_url, serve(fakes.telegram.app()) as telegram_url:
        os.environ.update(
            {
                "LINE_CHANNEL_SECRET": LINE_SECRET,
                "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN,
                "LINE_API_BASE_URL": line_url,
                "LINE_DATA_API_BASE_URL": line_url,
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
                "TELEGRAM_API_BASE_URL": telegram_url,
                "DELIVERY_POLL_SECONDS": "0.5",
            }
        )
        yield fakes
