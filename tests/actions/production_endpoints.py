"""endpoints.production.yml as a Rasa server reads it, with the variables
scripts/production.py sets (here: local PostgreSQL and Redis, a test's own names)."""

from pathlib import Path

import pytest
from rasa.core.utils import AvailableEndpoints, read_endpoints_from_path

ROOT = Path(__file__).resolve().parents[2]


def read_production_endpoints(
    monkeypatch: pytest.MonkeyPatch, *, database: str = "unused", lock_prefix: str = "test"
) -> AvailableEndpoints:
    for key, value in {
        "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook",
        "RASA_TRACKER_DB_HOST": "127.0.0.1",
        "RASA_TRACKER_DB_PORT": "5432",
        "RASA_TRACKER_DB_NAME": database,
        "RASA_TRACKER_DB_USER": "postgres",
        "RASA_TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "RASA_LOCK_DB": "1",
        "RASA_LOCK_PREFIX": lock_prefix,
    }.items():
        monkeypatch.setenv(key, value)
    return read_endpoints_from_path(ROOT / "endpoints.production.yml")
