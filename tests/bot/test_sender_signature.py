"""The API acts for a citizen only when the gateway signed that citizen's id: the service
token alone (all a forged request to the action server carries) is not enough."""

import httpx
import pytest
from pydantic import SecretStr

from api.core.config import Settings
from api.core.signing import HEADER, sender_signature_valid, sign_sender
from tests.fixtures.app import bot_headers

KEY = "sender-signing-key-0123456789abcdef"


def signed(sender_id: str, *, signer: str = "") -> dict[str, str]:
    """Bot headers with the gateway's signature of `signer` (default: the sender itself)."""
    signature = sign_sender(KEY.encode(), signer or sender_id)
    return bot_headers(sender_id) | {HEADER: signature}


def test_a_signature_binds_one_sender_and_one_key() -> None:
    signature = sign_sender(b"k1", "line:U1")
    assert sender_signature_valid(b"k1", "line:U1", signature)
    assert not sender_signature_valid(b"k1", "line:U2", signature)
    assert not sender_signature_valid(b"k2", "line:U1", signature)
    assert not sender_signature_valid(b"k1", "line:U1", "")


def test_the_derived_key_comes_from_the_session_secret_not_the_service_token() -> None:
    one = Settings(session_secret="a" * 32, service_token="t" * 32)
    other = Settings(session_secret="b" * 32, service_token="t" * 32)
    assert one.sender_key() != other.sender_key()
    assert not one.sender_signature_required
    assert Settings(sender_signing_key=KEY).sender_key() == KEY.encode()


class TestRequired:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"sender_signing_key": SecretStr(KEY)})

    async def test_the_signed_sender_is_served(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/bot/cases", headers=signed("line:U1"))
        assert response.status_code == 200

    async def test_an_unsigned_sender_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/bot/cases", headers=bot_headers("line:U1"))
        assert response.status_code == 401

    async def test_another_citizens_signature_is_refused(self, client: httpx.AsyncClient) -> None:
        forged = signed("line:VICTIM", signer="line:ATTACKER")
        response = await client.post("/api/bot/handoff", json={"reason": "forged"}, headers=forged)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"


async def test_embedded_default_refuses_a_wrong_signature_but_not_a_missing_one(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/api/bot/cases", headers=bot_headers("web:a"))).status_code == 200
    wrong = bot_headers("web:a") | {HEADER: "0" * 64}
    assert (await client.get("/api/bot/cases", headers=wrong)).status_code == 401


def test_production_mode_requires_signatures() -> None:
    settings = Settings(desk_mode="production", service_token="s" * 32, session_secret="x" * 32)
    assert settings.sender_signature_required


def test_production_refuses_a_weak_signing_key() -> None:
    with pytest.raises(ValueError, match="SENDER_SIGNING_KEY is a placeholder"):
        Settings(
            desk_mode="production",
            service_token="s" * 32,
            session_secret="x" * 32,
            sender_signing_key="changeme-changeme",
        )
