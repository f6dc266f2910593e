"""Run each sender's jobs one after another, in arrival order, in the background.

One in-process queue per key; different citizens run concurrently. (Several desk
workers behind a load balancer need sticky routing or a Redis lock for this.)"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


class SerialQueues:
    def __init__(self) -> None:
        self._queues: dict[str, asyncio.Queue[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def submit(self, key: str, job: Job) -> None:
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = asyncio.Queue()
            task = asyncio.create_task(self._drain(key, queue))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        queue.put_nowait(job)

    async def _drain(self, key: str, queue: asyncio.Queue[Job]) -> None:
        while not queue.empty():
            job = queue.get_nowait()
            try:
                await job()
            except Exception:
                # The message is stored: the delivery worker picks up what failed here.
                log.exception("background job failed")
        # No await between the empty check and the removal: no job can slip in between.
        del self._queues[key]

    async def idle(self) -> None:
        """Wait until every submitted job has run (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        await self.idle()
