"""Parameters every router shares: ids in paths, paging, and the `X-Total-Count` header."""

from typing import Annotated, TypeVar

from fastapi import Path, Query, Response

from webshop.core.inputs import MAX_ID
from webshop.db.paging import Page

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""An id in a path; one that no row can have is answered like a missing row: 404."""

MAX_PAGE = 100
MAX_SKIP = 100_000  # deeper than any screen pages; offsets past it only cost the database

Skip = Annotated[
    int, Query(ge=0, le=MAX_SKIP, description=f"How many items to skip, at most {MAX_SKIP:,}")
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]

T = TypeVar("T")


def with_total(response: Response, page: Page[T]) -> list[T]:
    """The page's items, with the number matching in all in `X-Total-Count`."""
    response.headers["X-Total-Count"] = str(page.total)
    return page.items
