"""Alembic environment: runs on a connection handed in by `webshop.db.migrate`, or on its own
engine built from the settings when invoked as `alembic upgrade head`."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from webshop.core.config import get_settings
from webshop.db.migrate import include_object, render_item
from webshop.db.session import create_engine
from webshop.models import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine() -> None:
    engine = create_engine(get_settings().DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(run_migrations)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
elif context.is_offline_mode():
    context.configure(url=get_settings().DATABASE_URL, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_with_own_engine())
