import httpx

from tests.fixtures.app import bot_headers


async def test_bot_can_hand_a_conversation_to_staff(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/bot/handoff", json={"reason": "asked for a person"}, headers=bot_headers("web:abc")
    )
    assert response.status_code == 200
    assert response.json()["handoff_active"] is True


async def test_handoff_refuses_calls_without_the_service_token(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/bot/handoff",
        json={},
        headers={"Authorization": "Bearer wrong", "X-Desk-Sender": "web:abc"},
    )
    assert response.status_code == 401


async def test_handoff_rejects_a_malformed_sender(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/bot/handoff", json={}, headers=bot_headers("nochannel"))
    assert response.status_code == 422
