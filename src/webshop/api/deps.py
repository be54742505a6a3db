"""What every route may ask for: the app's settings and a database session for the request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from webshop.api.cache import ResponseCache
from webshop.core.config import Settings
from webshop.core.ratelimit import Limiter
from webshop.events.buffer import EventBuffer


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with: the one source every route and service reads.
    (`async`, like every dependency here: FastAPI would run a plain function in a thread.)"""
    settings: Settings = request.app.state.settings
    return settings


READ_METHODS = frozenset({"GET", "HEAD"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield a session for one request; whatever the service did not commit is rolled back.
    GET and HEAD only read: on SQLite they run beside the writer instead of queueing for it."""
    state = request.app.state
    sessionmaker: async_sessionmaker[AsyncSession] = (
        state.read_sessionmaker if request.method in READ_METHODS else state.sessionmaker
    )
    async with sessionmaker() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_limiter(request: Request) -> Limiter:
    limiter: Limiter = request.app.state.limiter
    return limiter


LimiterDep = Annotated[Limiter, Depends(get_limiter)]


async def get_event_buffer(request: Request) -> EventBuffer:
    buffer: EventBuffer = request.app.state.event_buffer
    return buffer


EventBufferDep = Annotated[EventBuffer, Depends(get_event_buffer)]


async def get_catalog_cache(request: Request) -> ResponseCache:
    cache: ResponseCache = request.app.state.catalog_cache
    return cache


CatalogCacheDep = Annotated[ResponseCache, Depends(get_catalog_cache)]
