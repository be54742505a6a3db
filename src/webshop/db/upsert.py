"""Dialect-aware INSERT … ON CONFLICT, which SQLite and PostgreSQL spell alike but SQLAlchemy
builds per dialect.

Each statement is built once per table and shape and then sent with new parameters: building
one (and working out its cache key) costs more than running it on the hot paths that use these.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from webshop.db.base import table_of

Model = type[DeclarativeBase]


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _insert(dialect: str, model: Model) -> Any:
    # On the table, not the mapped class: a Core statement, without the ORM's bulk machinery.
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table_of(model))


@lru_cache(maxsize=256)
def _if_absent(dialect: str, model: Model, returning: str | None = None) -> Insert:
    insert = _insert(dialect, model)
    statement: Insert = insert.on_conflict_do_nothing()
    return statement if returning is None else statement.returning(insert.table.c[returning])


@lru_cache(maxsize=256)
def _adding(dialect: str, model: Model, key: tuple[str, ...], amounts: tuple[str, ...]) -> Insert:
    insert = _insert(dialect, model)
    statement: Insert = insert.on_conflict_do_update(
        index_elements=list(key),
        set_={name: insert.table.c[name] + insert.excluded[name] for name in amounts},
    )
    return statement


async def insert_if_absent(session: AsyncSession, model: Model, values: dict[str, Any]) -> bool:
    """Insert the row unless its key exists; True when it was inserted."""
    result = await session.execute(_if_absent(_dialect(session), model), values)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def add_to_many(
    session: AsyncSession, model: Model, rows: list[dict[str, Any]], *, key: tuple[str, ...]
) -> None:
    """Add each row's columns outside `key` to the row with that key, creating it (at those
    amounts) if new: one statement, so concurrent additions never lose each other. The keys must
    differ; send rows in key order so concurrent writers take locks alike. (One statement sent
    with many parameter sets: compiled once however many rows, where a multi-row VALUES is
    compiled again for every new row count.)"""
    if not rows:
        return
    amounts = tuple(name for name in rows[0] if name not in key)
    await session.execute(_adding(_dialect(session), model, key, amounts), rows)


async def insert_many_if_absent(
    session: AsyncSession, model: Model, rows: list[dict[str, Any]]
) -> None:
    """Insert the rows whose keys do not exist yet."""
    if rows:
        await session.execute(_if_absent(_dialect(session), model), rows)


async def insert_returning_new(
    session: AsyncSession, model: Model, rows: list[dict[str, Any]], column: str
) -> list[Any]:
    """Insert the rows whose keys do not exist yet; `column` of those."""
    if not rows:
        return []
    return list((await session.scalars(_if_absent(_dialect(session), model, column), rows)).all())
