"""Alembic owns the schema: migrations build exactly the models, and walk back down cleanly."""

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from tests.databases import postgres_database
from webshop.auth.models import RefreshToken
from webshop.core.clock import utcnow
from webshop.db import migrate
from webshop.db.base import Base
from webshop.db.session import create_engine


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        with postgres_database(server) as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}"


# SQLite cannot reflect the expression index on lower(username); PostgreSQL compares it too.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
async def test_migrations_match_the_models_and_round_trip(scratch_url):
    engine = create_engine(scratch_url)
    try:
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) is not None

        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"include_object": migrate.include_object}
                    ),
                    Base.metadata,
                )
            )
        assert differences == []

        await migrate.downgrade(engine, "base")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert set(tables) <= {"alembic_version"}

        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) is not None
    finally:
        await engine.dispose()


async def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'shop.db'}")
    try:
        async with engine.connect() as connection:
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
    finally:
        await engine.dispose()
    assert journal == "wal"
    assert foreign_keys == 1


async def test_foreign_keys_are_enforced(session):
    session.add(
        RefreshToken(session_id="no-such-session", token_hash="h" * 64, expires_at=utcnow())
    )
    with pytest.raises(IntegrityError):
        await session.flush()


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="PostgreSQL's advisory lock")
async def test_replicas_starting_together_migrate_one_after_the_other(scratch_url):
    engines = [create_engine(scratch_url) for _ in range(3)]  # three pods, three connections
    try:
        async with asyncio.timeout(60):  # without turns they deadlock on each other's tables
            await asyncio.gather(*(migrate.upgrade(engine) for engine in engines))

        revisions = {await migrate.current_revision(engine) for engine in engines}
        async with engines[0].connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        for engine in engines:
            await engine.dispose()

    assert len(revisions) == 1
    assert None not in revisions
    assert {"users", "orders", "login_sessions"} <= set(tables)
