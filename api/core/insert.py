"""Insert-or-do-nothing on a unique key: the database, not a check-then-insert,
decides whether a redelivered event or a repeated notification is new."""

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


def _insert(session: AsyncSession, model: type[DeclarativeBase]) -> Insert:
    bind = session.get_bind()
    return (pg_insert if bind.dialect.name == "postgresql" else sqlite_insert)(model)


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any]
) -> int | None:
    """Insert a row; return its id, or None when a unique constraint already holds it."""
    statement = _insert(session, model).values(**values)
    statement = statement.on_conflict_do_nothing().returning(model.id)  # type: ignore[attr-defined]
    return (await session.execute(statement)).scalar_one_or_none()
