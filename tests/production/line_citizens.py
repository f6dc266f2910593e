"""LINE citizens of a production test: their signed webhooks to the desk, their reply
tokens, and what the fake LINE platform got for each of them."""

import asyncio
import time
from collections.abc import Callable, Mapping

import httpx

from bot.gateway.replies import TEXTS
from scripts.stack import Stack
from tests.channels.conftest import line_body, sign, text_event
from tests.fakes.line_platform import FakeLine, Sent

RECEIVED_NOTE = TEXTS["received_later"].zh


class Citizens:
    """LINE users of one test, their reply tokens and what the fake platform got for them."""

    def __init__(self, line: FakeLine, prefix: str, count: int) -> None:
        self.line = line
        self.users = [f"U{prefix}{i:04d}".ljust(33, "0") for i in range(count)]
        self._owners: dict[str, str] = {}  # reply token → user

    def reply_token(self, user: str) -> str:
        token = self.line.issue_reply_token()
        self._owners[token] = user
        return token

    def deliveries(self, user: str) -> list[Sent]:
        return [
            s for s in self.line.sent
            if (s.kind == "push" and s.to == user)
            or (s.kind == "reply" and self._owners.get(s.reply_token or "") == user)
        ]  # fmt: skip

    def answers(self, user: str) -> list[Sent]:
        """Deliveries other than the "received, we will answer" note."""
        return [s for s in self.deliveries(user) if not _is_note(s)]

    def notes(self, user: str) -> list[Sent]:
        return [s for s in self.deliveries(user) if _is_note(s)]

    def texts(self, user: str) -> list[str]:
        return [str(m.get("text", "")) for s in self.answers(user) for m in s.messages]


def _is_note(sent: Sent) -> bool:
    return any(RECEIVED_NOTE in str(m.get("text", "")) for m in sent.messages)


async def post_events(
    stack: Stack,
    citizens: Citizens,
    users: list[str],
    text: str | Mapping[str, str],
    tag: str,
    *,
    redelivery: bool = False,
) -> dict[str, int]:
    """One signed webhook per user (event id `tag-user`), all at once, saying `text` (or
    each user's own); each status code (a refused connection counts as 0). LINE redelivers
    an event with the same id."""
    async with httpx.AsyncClient(timeout=30) as client:

        async def post(user: str) -> int:
            said = text if isinstance(text, str) else text[user]
            token = citizens.reply_token(user)
            event = text_event(user, said, event_id=f"{tag}-{user}", token=token)
            event["deliveryContext"] = {"isRedelivery": redelivery}
            body = line_body(event)
            headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
            url = f"{stack.desk_url}/webhooks/line"
            try:
                response = await client.post(url, content=body, headers=headers)
            except httpx.TransportError:
                return 0
            return response.status_code

        codes = await asyncio.gather(*(post(user) for user in users))
    return dict(zip(users, codes, strict=True))


async def send(
    stack: Stack, citizens: Citizens, users: list[str], text: str | Mapping[str, str], tag: str
) -> None:
    """One signed webhook per user, all at once; each must be acknowledged."""
    codes = await post_events(stack, citizens, users, text, tag)
    assert set(codes.values()) == {200}, codes


async def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.25)
