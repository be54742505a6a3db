"""Answers rendered once and served many times: the public catalog's pages.

Each worker keeps its own entries, for at most `max_age` seconds, and drops them all as soon as
a commit changes a table they were read from (`webshop.db.changes`: this worker's commits at
once, other processes' through PostgreSQL's NOTIFY). Anonymous answers carry an `ETag`, so a
browser or a proxy revalidates with `If-None-Match` and gets a body-less 304.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response

from webshop.db import changes

# Anyone may store it, but must ask again before every use: prices and stock must be fresh.
PUBLIC_REVALIDATE = "public, no-cache"


@dataclass(frozen=True)
class Rendered:
    """A JSON answer as sent, and what the route needs to know about it besides."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    facts: Any = None
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.blake2b(self.body, digest_size=12).hexdigest()
        object.__setattr__(self, "etag", f'"{digest}"')

    def response(self, request: Request) -> Response:
        """The answer, or a 304 when the client has it already. Shared caches may keep an
        answer to a request without credentials (one with them gets `no-store`)."""
        headers = {**self.headers, "ETag": self.etag}
        if "authorization" not in request.headers:
            headers["Cache-Control"] = PUBLIC_REVALIDATE
        if self.etag in _etags(request.headers.get("if-none-match", "")):
            return Response(status_code=304, headers=headers)
        return Response(self.body, media_type="application/json", headers=headers)


def cache_key(request: Request) -> str:
    """The path and the query string as sent."""
    return f"{request.url.path}?{request.url.query}"


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


class ResponseCache:
    def __init__(
        self,
        tables: Iterable[str],
        *,
        max_age: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[str, tuple[float, Rendered]] = OrderedDict()
        self._loading: dict[str, asyncio.Future[Rendered]] = {}
        self._generation = 0
        changes.watch(tables, self.invalidate)

    def invalidate(self) -> None:
        self._generation += 1
        self._entries.clear()

    async def get(self, key: str, render: Callable[[], Awaitable[Rendered]]) -> Rendered:
        """The cached answer for `key`, else `render()`'s. Concurrent misses for one key
        render once; an answer rendered while the data changed is used but not kept."""
        if self.max_age <= 0:
            return await render()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > self.clock():
            self._entries.move_to_end(key)
            return entry[1]
        loading = self._loading.get(key)
        if loading is not None:
            return await asyncio.shield(loading)
        future: asyncio.Future[Rendered] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        generation, started = self._generation, self.clock()
        try:
            rendered = await render()
        except Exception as error:
            future.set_exception(error)
            future.exception()  # retrieved: a miss no one else waited for is not an error
            raise
        except BaseException:
            future.cancel()
            raise
        finally:
            del self._loading[key]
        future.set_result(rendered)
        if generation == self._generation:
            self._store(key, started + self.max_age, rendered)
        return rendered

    def _store(self, key: str, expires: float, rendered: Rendered) -> None:
        self._entries[key] = (expires, rendered)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
