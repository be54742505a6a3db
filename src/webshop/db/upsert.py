"""Dialect-aware INSERT … ON CONFLICT, which SQLite and PostgreSQL spell alike but SQLAlchemy
builds per dialect."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


def _insert(session: AsyncSession, model: type[DeclarativeBase]) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


async def insert_if_absent(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any]
) -> bool:
    """Insert the row unless its key exists; True when it was inserted."""
    statement: Insert = _insert(session, model).values(**values).on_conflict_do_nothing()
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def add_to(
    session: AsyncSession,
    model: type[DeclarativeBase],
    key: dict[str, Any],
    amounts: dict[str, Any],
) -> None:
    """Add `amounts` to the columns of the row with `key`, creating it (at `amounts`) if new.
    One statement, so concurrent additions never lose each other."""
    insert = _insert(session, model).values(**key, **amounts)
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=list(key),
            set_={name: getattr(model, name) + insert.excluded[name] for name in amounts},
        )
    )


async def increment(
    session: AsyncSession,
    model: type[DeclarativeBase],
    key: dict[str, Any],
    column: str,
    by: int = 1,
) -> None:
    """Add `by` to `column` of the row with `key`, creating the row (at `by`) if it is new."""
    await add_to(session, model, key, {column: by})


async def add_to_many(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: list[dict[str, Any]],
    *,
    key: tuple[str, ...],
) -> None:
    """`add_to` for many rows: each row's columns outside `key` are added. The keys must
    differ; send rows in key order so concurrent writers take locks alike. (One statement sent
    with many parameter sets: compiled once however many rows, where a multi-row VALUES is
    compiled again for every new row count.)"""
    if not rows:
        return
    insert = _insert(session, model)
    amounts = [name for name in rows[0] if name not in key]
    statement = insert.on_conflict_do_update(
        index_elements=list(key),
        set_={name: getattr(model, name) + insert.excluded[name] for name in amounts},
    )
    await session.execute(statement, rows)


async def insert_many_if_absent(
    session: AsyncSession, model: type[DeclarativeBase], rows: list[dict[str, Any]]
) -> None:
    """Insert the rows whose keys do not exist yet."""
    if rows:
        await session.execute(_insert(session, model).on_conflict_do_nothing(), rows)


async def insert_returning_new(
    session: AsyncSession, model: type[DeclarativeBase], rows: list[dict[str, Any]], column: str
) -> list[Any]:
    """Insert the rows whose keys do not exist yet; `column` of those."""
    if not rows:
        return []
    statement = _insert(session, model).on_conflict_do_nothing().returning(getattr(model, column))
    return list((await session.scalars(statement, rows)).all())
