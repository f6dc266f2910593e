"""The lock store the production Rasa servers run with: Rasa's Redis ticket lock, whose
tickets outlive a dead holder by seconds instead of a minute.

Rasa serialises each conversation's turns with a ticket lock in Redis. A ticket lives for a
fixed lifetime (60 s by default), so when a Rasa server is killed in the middle of a turn its
ticket stays in the queue: every later turn of that citizen — on the other server, or the
desk's retry of the turn that was lost — waits for it to expire, and the desk times out on
them meanwhile (the fault suite measured a killed server's citizens answered ~64 s later).

Here a ticket is issued for a short lifetime (`ticket_seconds`) and renewed while its turn
waits and runs, up to Rasa's lifetime for a turn that never ends. A server that dies stops
renewing, so its ticket expires `ticket_seconds` later. A renewal changes only the holder's
own ticket, atomically in Redis (a script), so it never drops a ticket another server
issued meanwhile."""

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)
# Far beyond a Rasa server's longest event-loop stall (a turn is ~0.1 s of CPU), so a live
# holder always renews in time; short enough that a dead one blocks its citizen briefly.
TICKET_SECONDS = 10.0

# KEYS[1]: the conversation's lock; ARGV: ticket number, new expiry. Tickets are JSON
# strings inside the lock's JSON (rasa.core.lock.TicketLock.dumps).
_RENEW = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local lock = cjson.decode(raw)
local number = tonumber(ARGV[1])
for i, encoded in ipairs(lock['tickets']) do
  local ticket = cjson.decode(encoded)
  if ticket['number'] == number then
    ticket['expires'] = tonumber(ARGV[2])
    lock['tickets'][i] = cjson.encode(ticket)
    redis.call('SET', KEYS[1], cjson.encode(lock))
    return 1
  end
end
return 0
"""


class DeskLockStore(RedisLockStore):
    """RedisLockStore (same keys, same settings) whose tickets are kept alive by their holder.
    endpoints.production.yml: `type: rasa_runtime.lock_store.DeskLockStore`, the redis
    store's settings, and optionally `ticket_seconds`."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = dict(endpoint_config.kwargs)
        self.ticket_seconds = float(settings.pop("ticket_seconds", TICKET_SECONDS))
        super().__init__(host=endpoint_config.url or "localhost", **settings)
        self._renew = self.red.register_script(_RENEW)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, self.ticket_seconds)
        keeping = asyncio.create_task(self._keep_alive(conversation_id, ticket, lock_lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            keeping.cancel()
            with suppress(asyncio.CancelledError):
                await keeping
            self.cleanup(conversation_id, ticket)

    async def _keep_alive(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        """Renew the ticket every quarter of its lifetime, for at most Rasa's lifetime."""
        give_up = time.monotonic() + lifetime
        while time.monotonic() < give_up:
            await asyncio.sleep(self.ticket_seconds / 4)
            try:
                self.renew(conversation_id, ticket)
            except Exception as error:  # Redis away: the ticket may expire, the turn goes on
                logger.warning("lock ticket not renewed: %s", type(error).__name__)

    def renew(self, conversation_id: str, ticket: int) -> bool:
        """Push the ticket's expiry `ticket_seconds` ahead; False if it is gone."""
        expires = time.time() + self.ticket_seconds
        key = self.key_prefix + conversation_id
        return bool(self._renew(keys=[key], args=[ticket, repr(expires)]))
