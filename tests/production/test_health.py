"""Health endpoints: liveness, readiness (database, Redis) and the report naming each part
that is down. Nothing listens at the Rasa URL here, like a crashed Rasa."""

import httpx
import pytest

from api.core.config import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rasa_url": "http://127.0.0.1:9"})


async def test_liveness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_ready_while_rasa_is_down(client: httpx.AsyncClient) -> None:
    # The desk still takes and stores every message: a load balancer keeps it.
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "parts": {"database": "up"}}


async def test_the_report_names_the_rasa_server_that_is_down(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 503
    parts = response.json()["parts"]
    assert parts["database"] == "up"
    assert parts["rasa http://127.0.0.1:9"].startswith("down: ")


class TestWithRedisAndSeveralServers:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(
            update={
                "redis_url": "redis://127.0.0.1:1/0",  # nothing listens
                "rasa_urls": "http://127.0.0.1:9,http://127.0.0.1:7",
                "actions_url": "http://127.0.0.1:8",
            }
        )

    async def test_every_part_is_listed(self, client: httpx.AsyncClient) -> None:
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["parts"]["redis"].startswith("down")
        parts = (await client.get("/health")).json()["parts"]
        assert set(parts) == {
            "database",
            "redis",
            "rasa http://127.0.0.1:9",
            "rasa http://127.0.0.1:7",
            "action server",
        }
        assert parts["database"] == "up"
        assert all(state.startswith("down") for name, state in parts.items() if name != "database")
