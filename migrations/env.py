"""Alembic runs the migrations over the same async engine the app uses."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from api.core.config import get_settings
from api.core.db import create_engine
from api.registry import Base

target_metadata = Base.metadata


def _url() -> str:
    # Tests and scripts pass the URL explicitly; otherwise settings decide.
    url = context.config.attributes.get("database_url")
    return str(url) if url else get_settings().database_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
