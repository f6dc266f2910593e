"""Acknowledge first, answer after. A platform waits for each webhook's ack (LINE gives up
after a few seconds and counts it against the channel); a turn can wait a little. Under a
burst the turns of the events stored first used to start at once and take the event loop
from the acks still being stored, so each worker counts its webhook requests in flight and
a turn starts only once none is (or after `MAX_WAIT`, so a flood cannot starve the turns).
"""

import asyncio
from contextlib import suppress

from starlette.types import ASGIApp, Receive, Scope, Send

# The longest a turn waits for the acks: a continuous flood delays each turn by this much.
MAX_WAIT = 0.1
WEBHOOK_PREFIX = "/webhooks/"


class WebhookTraffic:
    """Webhook requests in flight in this process. Loop-agnostic: waiters are futures of
    the loop that waits (an app may be driven by more than one loop in tests)."""

    def __init__(self, *, max_wait: float = MAX_WAIT) -> None:
        self._in_flight = 0
        self.max_wait = max_wait
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def enter(self) -> None:
        self._in_flight += 1

    def leave(self) -> None:
        self._in_flight -= 1
        if self._in_flight == 0:
            waiters, self._waiters = self._waiters, []
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    async def quiet(self) -> None:
        """Return once no webhook is in flight, or after the longest wait."""
        if self._in_flight == 0:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        with suppress(TimeoutError):
            await asyncio.wait_for(waiter, self.max_wait)


class CountWebhooks:
    """ASGI middleware: counts the channel webhook requests until their response is sent."""

    def __init__(self, app: ASGIApp, traffic: WebhookTraffic) -> None:
        self.app = app
        self._traffic = traffic

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(WEBHOOK_PREFIX):
            await self.app(scope, receive, send)
            return
        self._traffic.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self._traffic.leave()
