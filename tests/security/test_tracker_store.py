"""The Rasa tracker store on PostgreSQL, as production runs it: one sender's events go."""

import psycopg
import pytest

from api.privacy.tracker import TrackerStore


@pytest.mark.postgres
async def test_a_senders_events_are_read_and_deleted_on_postgresql(postgres_url: str) -> None:
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as db:
        db.execute(
            "CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id VARCHAR(255), "
            "type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        for sender in ("line:Ugone", "line:Ugone", "line:Ustays"):
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s,%s,%s,%s)",
                (sender, "user", 1.0, '{"event": "user", "text": "hi"}'),
            )
    tracker = TrackerStore(postgres_url)
    try:
        assert [e["data"]["text"] for e in await tracker.events_of("line:Ugone")] == ["hi", "hi"]
        assert await tracker.delete_sender("line:Ugone") == 2
        assert await tracker.events_of("line:Ugone") == []
        assert len(await tracker.events_of("line:Ustays")) == 1
    finally:
        tracker.dispose()
        with psycopg.connect(plain, autocommit=True) as db:
            db.execute("DROP TABLE events")


async def test_a_tracker_store_that_does_not_exist_yet_holds_nothing(tmp_path: object) -> None:
    tracker = TrackerStore(f"sqlite:///{tmp_path}/none.db")
    assert await tracker.events_of("web:x") == []
    assert await tracker.delete_sender("web:x") == 0
    tracker.dispose()
