"""Paging parameters shared by every list route: `skip`, and `limit` capped at 100."""

from typing import Annotated, TypeVar

from fastapi import Query, Response

MAX_PAGE = 100

Skip = Annotated[int, Query(ge=0, description="How many items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]

T = TypeVar("T")


def with_total(response: Response, page: tuple[list[T], int]) -> list[T]:
    """The page's items, with the number matching in all in `X-Total-Count`."""
    items, total = page
    response.headers["X-Total-Count"] = str(total)
    return items
