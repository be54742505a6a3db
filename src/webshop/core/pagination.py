"""Paging parameters shared by every list route: `skip`, and `limit` capped at 100."""

from typing import Annotated

from fastapi import Query

MAX_PAGE = 100

Skip = Annotated[int, Query(ge=0, description="How many items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]
