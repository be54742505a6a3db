from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from webshop.api.deps import SessionDep
from webshop.api.errors import error_responses
from webshop.api.params import Limit, PathId, Skip, with_total
from webshop.auth.dependencies import CurrentUser
from webshop.auth.errors import InvalidToken
from webshop.catalog.errors import ProductNotFound
from webshop.core.inputs import Id
from webshop.reviews import service
from webshop.reviews.errors import AlreadyReviewed, NotYourReview, ReviewNotFound
from webshop.reviews.schemas import ReviewCreate, ReviewRead, ReviewUpdate

router = APIRouter(prefix="/products/{product_id}/reviews", tags=["reviews"])

NOT_FOUND = error_responses(ProductNotFound)
# Their 404 stands for an unknown product as well as an unknown review.
REVIEW_ERRORS = error_responses(InvalidToken, ReviewNotFound, NotYourReview)


@router.get("", response_model=list[ReviewRead], responses=NOT_FOUND)
async def list_reviews(
    product_id: PathId,
    session: SessionDep,
    response: Response,
    skip: Skip = 0,
    limit: Limit = 20,
    user_id: Annotated[Id | None, Query(description="Only this author's review")] = None,
) -> list[ReviewRead]:
    """A product's reviews, newest first, with each author's name. Total in `X-Total-Count`."""
    return with_total(
        response,
        await service.list_reviews(session, product_id, skip=skip, limit=limit, user_id=user_id),
    )


@router.post(
    "",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **error_responses(InvalidToken, AlreadyReviewed)},
)
async def create_review(
    product_id: PathId, data: ReviewCreate, user: CurrentUser, session: SessionDep
) -> ReviewRead:
    """Review a product, once: a second review of the same product is a 409 (edit it instead)."""
    return await service.create_review(session, product_id, data, author=user)


@router.put("/{review_id}", response_model=ReviewRead, responses=REVIEW_ERRORS)
async def update_review(
    product_id: PathId,
    review_id: PathId,
    changes: ReviewUpdate,
    user: CurrentUser,
    session: SessionDep,
) -> ReviewRead:
    """Change your own review's rating and/or comment. Nobody else's, administrators included."""
    return await service.update_review(session, product_id, review_id, changes, actor=user)


@router.delete(
    "/{review_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=REVIEW_ERRORS,
)
async def delete_review(
    product_id: PathId, review_id: PathId, user: CurrentUser, session: SessionDep
) -> Response:
    """Delete a review: your own, or anyone's as an administrator."""
    await service.delete_review(session, product_id, review_id, actor=user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
