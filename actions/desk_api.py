"""The one HTTP client from the action server to the desk API (docs/contracts.md)."""

from __future__ import annotations

from typing import Any

import aiohttp
from rasa_sdk import Tracker

from actions import settings

TIMEOUT = aiohttp.ClientTimeout(total=10)
# The gateway's signature of the sender id travels in the message metadata; the API checks
# it (api/core/signing.py). The action server cannot make one: it does not hold the key.
SIGNATURE_METADATA_KEY = "sender_signature"
SIGNATURE_HEADER = "X-Desk-Sender-Signature"


class DeskUnavailable(Exception):
    """The desk API could not be reached or answered 5xx."""


class DeskError(Exception):
    """The desk API answered 4xx with a JSON error body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body.get('error')}")
        self.status = status
        self.code = body.get("error")
        self.body = body


class DeskApi:
    """Calls the desk API on behalf of one citizen (the tracker's sender id)."""

    def __init__(
        self,
        sender_id: str,
        base_url: str | None = None,
        token: str | None = None,
        signature: str | None = None,
    ) -> None:
        self.base_url = (base_url or settings.desk_api_url()).rstrip("/")
        self.headers = {
            "Authorization": f"Bearer {token or settings.service_token()}",
            "X-Desk-Sender": sender_id,
        }
        if signature:
            self.headers[SIGNATURE_HEADER] = signature

    @classmethod
    def for_tracker(cls, tracker: Tracker) -> DeskApi:
        """Acting for the tracker's citizen, with the gateway's signature of that id."""
        metadata = tracker.latest_message.get("metadata") or {}
        signature = metadata.get(SIGNATURE_METADATA_KEY) if isinstance(metadata, dict) else None
        return cls(tracker.sender_id, signature=signature if isinstance(signature, str) else None)

    async def request(
        self, method: str, path: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> Any:
        """One JSON request; raises DeskUnavailable or DeskError."""
        url = self.base_url + path
        try:
            async with (
                aiohttp.ClientSession(timeout=TIMEOUT, headers=self.headers) as session,
                session.request(method, url, json=json, params=params) as response,
            ):
                status = response.status
                body = (
                    None if response.content_length == 0 else await response.json(content_type=None)
                )
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise DeskUnavailable(str(exc)) from exc
        if status >= 500:
            raise DeskUnavailable(f"desk answered {status}")
        if status >= 400:
            raise DeskError(status, body if isinstance(body, dict) else {})
        return body

    async def _object(
        self, method: str, path: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """A request whose answer is one JSON object."""
        body = await self.request(method, path, json=json, params=params)
        return body if isinstance(body, dict) else {}

    async def _list(self, path: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """A GET whose answer is a JSON list of objects."""
        body = await self.request("GET", path, params=params)
        return [item for item in body if isinstance(item, dict)] if isinstance(body, list) else []

    async def create_case(self, intake: dict[str, Any]) -> dict[str, Any]:
        return await self._object("POST", "/api/bot/cases", json=intake)

    async def list_cases(self) -> list[dict[str, Any]]:
        return await self._list("/api/bot/cases")

    async def get_case(self, number: str) -> dict[str, Any]:
        return await self._object("GET", f"/api/bot/cases/{number}")

    async def faq(self, topic: str, lang: str) -> dict[str, Any]:
        return await self._object("GET", f"/api/bot/faq/{topic}", params={"lang": lang})

    async def search_faq(self, query: str, lang: str) -> list[dict[str, Any]]:
        params = {"q": query, "lang": lang, "limit": "3"}
        return await self._list("/api/bot/faq", params)

    async def free_slots(self, case_number: str) -> list[dict[str, Any]]:
        params = {"case_number": case_number}
        return await self._list("/api/bot/mediation/slots", params)

    async def bookings(self) -> list[dict[str, Any]]:
        return await self._list("/api/bot/mediation/bookings")

    async def book(self, case_number: str, slot_id: int) -> dict[str, Any]:
        body = {"case_number": case_number, "slot_id": slot_id}
        return await self._object("POST", "/api/bot/mediation/bookings", json=body)

    async def reschedule(self, booking_id: int, slot_id: int, reason: str) -> dict[str, Any]:
        body = {"slot_id": slot_id, "reason": reason}
        path = f"/api/bot/mediation/bookings/{booking_id}/reschedule"
        return await self._object("POST", path, json=body)

    async def cancel_booking(self, booking_id: int, reason: str) -> dict[str, Any]:
        path = f"/api/bot/mediation/bookings/{booking_id}/cancel"
        return await self._object("POST", path, json={"reason": reason})

    async def handoff(self, reason: str | None, *, bot_until_taken: bool = False) -> dict[str, Any]:
        body = {"reason": reason, "bot_until_taken": bot_until_taken}
        return await self._object("POST", "/api/bot/handoff", json=body)
