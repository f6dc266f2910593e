"""Store a batch of inbound messages in one transaction with set-based statements (the
gateway's group commit, bot/gateway/intake.py): a burst of webhooks costs one commit and a
handful of statements instead of eight statements and a commit per event.

Same outcome as storing the events one after another in arrival order: the database (a
unique key with insert-or-do-nothing) decides what is a redelivery; a citizen's messages
get ascending ids in arrival order; a message into a conversation staff hold is stored for
staff; the others are claimed for answering in the commit that stores them when asked."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, tuple_, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.citizens.models import Citizen
from api.conversations.models import Author, Conversation, Direction, Message, MessageStatus
from api.core.time import utcnow

# The language of a citizen nobody has heard a language from yet (the column's default).
DEFAULT_LANGUAGE = "zh-TW"
# Written through their tables (Core): no ORM objects to build for rows only inserted.
CITIZENS = cast(Table, Citizen.__table__)
CONVERSATIONS = cast(Table, Conversation.__table__)
MESSAGES = cast(Table, Message.__table__)


@dataclass(frozen=True)
class NewInbound:
    """One inbound event to store."""

    channel: str
    channel_user_id: str
    # Unique per channel: a redelivery is stored once. None (a web client without an id):
    # never a duplicate.
    event_id: str | None
    text: str
    # None: the text carries no language signal; the citizen's latest one is kept.
    language: str | None
    payload: dict[str, Any] | None = None
    reply_context: str | None = None
    # Claim it for answering in the same commit (the caller answers it next).
    claim: bool = False

    @property
    def citizen_key(self) -> tuple[str, str]:
        return (self.channel, self.channel_user_id)


@dataclass(frozen=True)
class StoredInbound:
    """An inbound event stored for the first time."""

    message_id: int
    conversation_id: int
    sender_id: str
    # The message's own language, else the citizen's latest.
    language: str
    held_for_staff: bool
    # Stored as PROCESSING: the caller answers it.
    claimed: bool


async def store_batch(
    session: AsyncSession, events: Sequence[NewInbound]
) -> list[StoredInbound | None]:
    """Store `events` (in arrival order); for each, what was stored or None for a
    redelivery. The caller commits."""
    citizens = await _citizens(session, events)
    languages = await _languages(session, events, citizens)
    conversations = await _conversations(session, [c.id for c in citizens.values()])
    now = utcnow()
    rows = []
    for event, language in zip(events, languages, strict=True):
        conversation = conversations[citizens[event.citizen_key].id]
        rows.append(_message_row(event, conversation, language, now))
    ids = await _insert_messages(session, rows)
    touched = {row["conversation_id"] for row, id_ in zip(rows, ids, strict=True) if id_}
    if touched:
        statement = update(CONVERSATIONS).where(CONVERSATIONS.c.id.in_(touched))
        await session.execute(statement.values(last_message_at=now))
    return [
        _stored(citizen, row, id_, conversations[citizen.id])
        for citizen, row, id_ in zip(
            (citizens[event.citizen_key] for event in events), rows, ids, strict=True
        )
    ]


def _stored(
    citizen: Citizen, row: dict[str, Any], message_id: int | None, conversation: Conversation
) -> StoredInbound | None:
    if message_id is None:
        return None
    return StoredInbound(
        message_id=message_id,
        conversation_id=conversation.id,
        sender_id=citizen.sender_id,
        language=row["language"],
        held_for_staff=conversation.held_for_staff,
        claimed=row["status"] == MessageStatus.PROCESSING,
    )


def _insert(session: AsyncSession, table: Table) -> PgInsert | SqliteInsert:
    """Insert-or-do-nothing needs the dialect's own INSERT (as api/core/insert.py). On the
    table, executed with a list of rows: SQLAlchemy sends one multi-row INSERT from a
    statement compiled once (a `.values(rows)` statement is compiled anew for every batch,
    which cost more than the database's own work)."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(table)
    return sqlite_insert(table)


async def _citizens(
    session: AsyncSession, events: Sequence[NewInbound]
) -> dict[tuple[str, str], Citizen]:
    """Every event's citizen, created when new (with its first event's language, as
    storing the events one by one would). Inserted in key order: two desk workers storing
    the same new citizens wait for each other in one order, never in a deadlock."""
    first: dict[tuple[str, str], NewInbound] = {}
    for event in events:
        first.setdefault(event.citizen_key, event)
    rows = [
        {"channel": c, "channel_user_id": u, "language": e.language or DEFAULT_LANGUAGE}
        for (c, u), e in sorted(first.items())
    ]
    await session.execute(_insert(session, CITIZENS).on_conflict_do_nothing(), rows)
    query = select(Citizen).where(tuple_(Citizen.channel, Citizen.channel_user_id).in_(first))
    found = (await session.execute(query)).scalars().all()
    return {(c.channel, c.channel_user_id): c for c in found}


async def _languages(
    session: AsyncSession,
    events: Sequence[NewInbound],
    citizens: dict[tuple[str, str], Citizen],
) -> list[str]:
    """Each message's language (its own, else its citizen's latest, earlier events in the
    batch included); the citizens keep the latest one (one update per language)."""
    latest = {key: citizen.language for key, citizen in citizens.items()}
    languages = []
    for event in events:
        latest[event.citizen_key] = event.language or latest[event.citizen_key]
        languages.append(latest[event.citizen_key])
    changed: dict[str, list[int]] = {}
    for key, language in latest.items():
        if citizens[key].language != language:
            changed.setdefault(language, []).append(citizens[key].id)
    for language, ids in sorted(changed.items()):
        statement = update(CITIZENS).where(CITIZENS.c.id.in_(ids))
        await session.execute(statement.values(language=language))
    return languages


async def _conversations(session: AsyncSession, citizen_ids: list[int]) -> dict[int, Conversation]:
    """Each citizen's one conversation, by citizen id, created when new."""
    rows = [{"citizen_id": citizen_id} for citizen_id in sorted(citizen_ids)]
    await session.execute(_insert(session, CONVERSATIONS).on_conflict_do_nothing(), rows)
    query = select(Conversation).where(Conversation.citizen_id.in_(citizen_ids))
    return {c.citizen_id: c for c in (await session.execute(query)).scalars().all()}


def _message_row(
    event: NewInbound, conversation: Conversation, language: str, now: datetime
) -> dict[str, Any]:
    # A message into a conversation staff hold is for staff from the start: no worker may
    # claim it for the bot.
    if conversation.held_for_staff:
        status = MessageStatus.FOR_STAFF
    else:
        status = MessageStatus.PROCESSING if event.claim else MessageStatus.RECEIVED
    return {
        "conversation_id": conversation.id,
        "channel": event.channel,
        "event_id": event.event_id,
        "direction": Direction.INBOUND,
        "author": Author.CITIZEN,
        "status": status,
        "language": language,
        "text": event.text,
        "payload": event.payload or {},
        "reply_context": event.reply_context,
        "created_at": now,
    }


async def _insert_messages(session: AsyncSession, rows: list[dict[str, Any]]) -> list[int | None]:
    """Insert the rows in order; each one's new id, or None when its (channel, event_id) is
    stored already — by an earlier commit or earlier in this batch. Rows with an event id go
    in one statement per run (ids ascend in the order of its rows); a row without one (a web
    client that gave none) cannot collide and goes alone, so ids still follow arrival."""
    seen: set[tuple[str, str]] = set()
    ids: list[int | None] = []
    run: list[dict[str, Any]] = []
    for row in rows:
        key = (row["channel"], row["event_id"])
        if row["event_id"] is None:
            ids += await _insert_keyed(session, run)
            run = []
            statement = _insert(session, MESSAGES).returning(MESSAGES.c.id)
            ids.append((await session.execute(statement, row)).scalar_one())
        elif key in seen:
            ids += await _insert_keyed(session, run) + [None]
            run = []
        else:
            seen.add(key)
            run.append(row)
    return ids + await _insert_keyed(session, run)


async def _insert_keyed(session: AsyncSession, rows: list[dict[str, Any]]) -> list[int | None]:
    """One insert-or-do-nothing for rows with distinct event ids: each one's new id or None."""
    if not rows:
        return []
    statement = _insert(session, MESSAGES).on_conflict_do_nothing()
    returning = statement.returning(MESSAGES.c.id, MESSAGES.c.channel, MESSAGES.c.event_id)
    new = {(c, e): id_ for id_, c, e in (await session.execute(returning, rows)).all()}
    return [new.get((row["channel"], row["event_id"])) for row in rows]
