"""What each process is started with: desk-only secrets never reach Rasa or the action
server; the production configuration's stores come from two URLs."""

from pathlib import Path

import pytest

from scripts.production import production_config, rasa_store_env
from scripts.stack import Stack

KEYS = {
    "SERVICE_TOKEN": "service-token-0123456789",
    "SESSION_SECRET": "session-secret-0123456789",
    "RASA_TOKEN": "rasa-token-0123456789",
    "SENDER_SIGNING_KEY": "signing-key-0123456789",
}
ENV = {
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/desk_prod",
    "RASA_TRACKER_DB_URL": "postgresql://rasa:pw@db.internal:6543/rasa_prod",
    "REDIS_URL": "redis://cache.internal:6380/0",
}


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Stack:
    for name, value in KEYS.items():  # what `make run` puts in its own environment
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "line-secret-0123456789")
    config = production_config(tmp_path / "model.tar.gz", KEYS, ENV, log_dir=tmp_path)
    return Stack(config)


def test_the_action_server_and_rasa_never_hold_desk_only_secrets(stack: Stack) -> None:
    actions, rasa = stack._actions_env(), stack._rasa_env()
    for secret in ("SESSION_SECRET", "SENDER_SIGNING_KEY", "LINE_CHANNEL_SECRET"):
        assert secret not in actions and secret not in rasa
    assert actions["SERVICE_TOKEN"] == KEYS["SERVICE_TOKEN"]
    assert "SERVICE_TOKEN" not in rasa and "RASA_TOKEN" not in actions


def test_the_desk_gets_every_rasa_server_and_the_signing_key(stack: Stack) -> None:
    desk = stack._desk_env()
    assert desk["RASA_URLS"] == "http://127.0.0.1:5005,http://127.0.0.1:5006"
    assert desk["SENDER_SIGNING_KEY"] == KEYS["SENDER_SIGNING_KEY"]
    assert desk["REDIS_URL"] == ENV["REDIS_URL"] and desk["DESK_MODE"] == "production"
    # What Rasa understood is read from its tracker store: the desk needs no Rasa API token.
    assert "RASA_TOKEN" not in desk
    assert desk["RASA_TRACKER_DB_URL"] == ENV["RASA_TRACKER_DB_URL"]
    assert stack.config.rasa_names == ["rasa", "rasa-2"]
    assert "--workers" in stack._desk_command()


def test_rasa_stores_from_two_urls() -> None:
    env = rasa_store_env(ENV["RASA_TRACKER_DB_URL"], ENV["REDIS_URL"], "desk")
    assert env == {
        "RASA_TRACKER_DB_HOST": "db.internal",
        "RASA_TRACKER_DB_PORT": "6543",
        "RASA_TRACKER_DB_NAME": "rasa_prod",
        "RASA_TRACKER_DB_USER": "rasa",
        "RASA_TRACKER_DB_PASSWORD": "pw",
        "REDIS_HOST": "cache.internal",
        "REDIS_PORT": "6380",
        "RASA_LOCK_DB": "1",
        "RASA_LOCK_PREFIX": "desk",
    }
