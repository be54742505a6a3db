from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from webshop.core.inputs import Input
from webshop.reviews.models import Review

MAX_COMMENT_CHARS = 2000


# Strict: a rating is a JSON integer; "5", 4.0 and true are refused rather than coerced.
Rating = Annotated[int, Field(strict=True, ge=1, le=5)]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT_CHARS)]


class ReviewCreate(Input):
    model_config = ConfigDict(extra="forbid")

    rating: Rating
    comment: Comment = ""


class ReviewUpdate(Input):
    """A partial update: the fields sent change, at least one of them."""

    model_config = ConfigDict(extra="forbid")

    rating: Rating | None = None
    comment: Comment | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> ReviewUpdate:
        if self.rating is None and self.comment is None:
            raise ValueError("Send a rating and/or a comment")
        return self


class ReviewRead(BaseModel):
    id: int
    product_id: int
    user_id: int
    username: str
    rating: int
    comment: str
    verified_purchase: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def build(cls, review: Review, *, username: str, verified_purchase: bool) -> ReviewRead:
        return cls(
            id=review.id,
            product_id=review.product_id,
            user_id=review.user_id,
            username=username,
            rating=review.rating,
            comment=review.comment,
            verified_purchase=verified_purchase,
            created_at=review.created_at,
            updated_at=review.updated_at,
        )
