"""The reviews API: one review per user and product, edited by its author, shown newest first."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import auth_headers, create_user
from webshop.core.clock import utcnow
from webshop.reviews.models import Review


def reviews_of(product_id):
    return f"/products/{product_id}/reviews"


async def add_review(client, product_id, headers, rating=4, comment=""):
    response = await client.post(
        reviews_of(product_id), json={"rating": rating, "comment": comment}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def stored_review(session, review_id):
    return (
        await session.execute(
            select(Review).where(Review.id == review_id).execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


# --- create ---------------------------------------------------------------------------------


async def test_create_review_returns_it_with_author_and_purchase_flag(
    client, product, customer, customer_headers, count_rows
):
    response = await client.post(
        reviews_of(product.id),
        json={"rating": 5, "comment": "  Gripping from the first page.  "},
        headers=customer_headers,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["id"] >= 1
    assert body["product_id"] == product.id
    assert body["user_id"] == customer.id
    assert body["username"] == "carla"
    assert body["rating"] == 5
    assert body["comment"] == "Gripping from the first page."
    assert body["verified_purchase"] is False
    assert datetime.fromisoformat(body["created_at"]).tzinfo is not None
    assert datetime.fromisoformat(body["updated_at"]).tzinfo is not None
    assert await count_rows("reviews") == 1


async def test_comment_is_optional(client, product, customer_headers):
    response = await client.post(
        reviews_of(product.id), json={"rating": 3}, headers=customer_headers
    )

    assert response.status_code == 201
    assert response.json()["comment"] == ""


async def test_a_second_review_of_the_same_product_is_a_conflict(
    client, product, customer_headers, count_rows
):
    await add_review(client, product.id, customer_headers, rating=4)

    again = await client.post(
        reviews_of(product.id),
        json={"rating": 1, "comment": "Changed my mind"},
        headers=customer_headers,
    )

    assert again.status_code == 409
    assert again.json() == {
        "detail": "You have already reviewed this product; edit your review instead",
        "code": "already_reviewed",
    }
    assert await count_rows("reviews") == 1


async def test_different_users_and_products_each_get_a_review(
    client, session, product, new_product, customer_headers, count_rows
):
    other_product = await new_product()
    other_user = auth_headers(await create_user(session))

    await add_review(client, product.id, customer_headers)
    await add_review(client, other_product.id, customer_headers)
    await add_review(client, product.id, other_user)

    assert await count_rows("reviews") == 3


async def test_anonymous_users_cannot_review(client, product, count_rows):
    response = await client.post(reviews_of(product.id), json={"rating": 5})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert await count_rows("reviews") == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": -1}, "rating"),
        ({"rating": "x"}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"rating": None}, "rating"),
        ({"comment": "No rating given"}, "rating"),
        ({"rating": 5, "comment": "x" * 2001}, "comment"),
        ({"rating": 5, "comment": 42}, "comment"),
        ({"rating": 5, "title": "Extra fields are refused"}, "title"),
    ],
)
async def test_invalid_review_is_a_422_naming_the_field(
    client, product, customer_headers, count_rows, body, field
):
    response = await client.post(reviews_of(product.id), json=body, headers=customer_headers)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]
    assert await count_rows("reviews") == 0


async def test_a_comment_of_exactly_2000_characters_is_accepted(client, product, customer_headers):
    response = await client.post(
        reviews_of(product.id), json={"rating": 2, "comment": "y" * 2000}, headers=customer_headers
    )

    assert response.status_code == 201
    assert len(response.json()["comment"]) == 2000


# --- unknown products and ids -----------------------------------------------------------------


async def test_unknown_product_is_a_404_everywhere(client, session, product, customer_headers):
    review = await add_review(client, product.id, customer_headers)
    missing = product.id + 1000

    responses = [
        await client.get(reviews_of(missing)),
        await client.post(reviews_of(missing), json={"rating": 5}, headers=customer_headers),
        await client.put(
            f"{reviews_of(missing)}/{review['id']}", json={"rating": 1}, headers=customer_headers
        ),
        await client.delete(f"{reviews_of(missing)}/{review['id']}", headers=customer_headers),
    ]

    for response in responses:
        assert response.status_code == 404, response.request.method
        assert response.json() == {"detail": "Product not found", "code": "not_found"}
    assert (await stored_review(session, review["id"])).rating == 4


async def test_a_deleted_product_cannot_be_reviewed_or_browsed_for_reviews(
    client, session, product, customer_headers, count_rows
):
    review = await add_review(client, product.id, customer_headers)
    product.is_active = False
    await session.flush()

    listed = await client.get(reviews_of(product.id))
    created = await client.post(
        reviews_of(product.id), json={"rating": 5}, headers=auth_headers(await create_user(session))
    )
    edited = await client.put(
        f"{reviews_of(product.id)}/{review['id']}", json={"rating": 1}, headers=customer_headers
    )

    assert [listed.status_code, created.status_code, edited.status_code] == [404, 404, 404]
    assert await count_rows("reviews") == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/products/abc/reviews"),
        ("POST", "/products/abc/reviews"),
        ("GET", "/products/0/reviews"),
        ("GET", "/products/9223372036854775808/reviews"),
        ("PUT", "/products/{product}/reviews/abc"),
        ("DELETE", "/products/{product}/reviews/abc"),
        ("DELETE", "/products/{product}/reviews/1.5"),
        ("PUT", "/products/{product}/reviews/0"),
        ("PUT", "/products/{product}/reviews/2147483648"),
    ],
)
async def test_ids_that_cannot_exist_are_a_404(client, product, customer_headers, method, path):
    response = await client.request(
        method, path.format(product=product.id), json={"rating": 3}, headers=customer_headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_a_review_is_only_found_under_its_own_product(
    client, session, product, new_product, customer_headers, admin_headers
):
    other_product = await new_product()
    review = await add_review(client, product.id, customer_headers, rating=4)
    wrong_path = f"{reviews_of(other_product.id)}/{review['id']}"

    edited = await client.put(wrong_path, json={"rating": 1}, headers=customer_headers)
    deleted = await client.delete(wrong_path, headers=admin_headers)

    assert edited.status_code == 404
    assert edited.json() == {"detail": "Review not found", "code": "not_found"}
    assert deleted.status_code == 404
    assert (await stored_review(session, review["id"])).rating == 4


async def test_unknown_review_is_a_404(client, product, customer_headers):
    response = await client.put(
        f"{reviews_of(product.id)}/999999", json={"rating": 2}, headers=customer_headers
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "Review not found", "code": "not_found"}


# --- update -----------------------------------------------------------------------------------


async def test_the_author_edits_rating_and_comment_separately(
    client, session, product, customer_headers
):
    created = await add_review(client, product.id, customer_headers, rating=2, comment="Meh")
    path = f"{reviews_of(product.id)}/{created['id']}"

    rated = await client.put(path, json={"rating": 5}, headers=customer_headers)
    commented = await client.put(
        path, json={"comment": "  Grew on me.  "}, headers=customer_headers
    )

    assert rated.status_code == 200
    assert rated.json()["rating"] == 5
    assert rated.json()["comment"] == "Meh"
    assert commented.status_code == 200
    body = commented.json()
    assert (body["id"], body["rating"], body["comment"]) == (created["id"], 5, "Grew on me.")
    assert body["username"] == "carla"
    assert body["verified_purchase"] is False
    assert body["created_at"] == created["created_at"]
    assert datetime.fromisoformat(body["updated_at"]) > datetime.fromisoformat(
        created["updated_at"]
    )
    stored = await stored_review(session, created["id"])
    assert (stored.rating, stored.comment) == (5, "Grew on me.")


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({}, ["body"]),
        ({"rating": 0}, ["body", "rating"]),
        ({"rating": "five"}, ["body", "rating"]),
        ({"comment": "z" * 2001}, ["body", "comment"]),
        ({"user_id": 1, "rating": 3}, ["body", "user_id"]),
    ],
)
async def test_invalid_edits_are_a_422(client, session, product, customer_headers, body, loc):
    created = await add_review(client, product.id, customer_headers, rating=2)

    response = await client.put(
        f"{reviews_of(product.id)}/{created['id']}", json=body, headers=customer_headers
    )

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [loc]
    assert (await stored_review(session, created["id"])).rating == 2


async def test_nobody_but_the_author_may_edit_a_review(
    client, session, product, customer_headers, admin_headers
):
    created = await add_review(client, product.id, customer_headers, rating=2, comment="Meh")
    path = f"{reviews_of(product.id)}/{created['id']}"
    stranger = auth_headers(await create_user(session))

    by_stranger = await client.put(path, json={"rating": 5}, headers=stranger)
    by_admin = await client.put(path, json={"comment": "Moderated"}, headers=admin_headers)
    anonymous = await client.put(path, json={"rating": 5})

    assert by_stranger.status_code == 403
    assert by_stranger.json() == {
        "detail": "You can only change your own review",
        "code": "not_your_review",
    }
    assert by_admin.status_code == 403
    assert anonymous.status_code == 401
    stored = await stored_review(session, created["id"])
    assert (stored.rating, stored.comment) == (2, "Meh")


# --- delete -----------------------------------------------------------------------------------


async def test_the_author_deletes_their_review_and_may_then_review_again(
    client, product, customer_headers, count_rows
):
    created = await add_review(client, product.id, customer_headers, rating=1)

    response = await client.delete(
        f"{reviews_of(product.id)}/{created['id']}", headers=customer_headers
    )

    assert response.status_code == 204
    assert response.content == b""
    assert await count_rows("reviews") == 0
    again = await add_review(client, product.id, customer_headers, rating=3)
    assert again["rating"] == 3
    assert await count_rows("reviews") == 1


async def test_an_admin_deletes_anyones_review(
    client, product, customer_headers, admin_headers, count_rows
):
    created = await add_review(client, product.id, customer_headers)

    response = await client.delete(
        f"{reviews_of(product.id)}/{created['id']}", headers=admin_headers
    )

    assert response.status_code == 204
    assert await count_rows("reviews") == 0


async def test_other_customers_cannot_delete_a_review(
    client, session, product, customer_headers, count_rows
):
    created = await add_review(client, product.id, customer_headers)
    path = f"{reviews_of(product.id)}/{created['id']}"

    by_stranger = await client.delete(path, headers=auth_headers(await create_user(session)))
    anonymous = await client.delete(path)

    assert by_stranger.status_code == 403
    assert by_stranger.json() == {
        "detail": "Only the author or an administrator can delete this review",
        "code": "not_your_review",
    }
    assert anonymous.status_code == 401
    assert await count_rows("reviews") == 1


async def test_deleting_twice_is_a_404(client, product, customer_headers):
    created = await add_review(client, product.id, customer_headers)
    path = f"{reviews_of(product.id)}/{created['id']}"

    first = await client.delete(path, headers=customer_headers)
    second = await client.delete(path, headers=customer_headers)

    assert [first.status_code, second.status_code] == [204, 404]


# --- list -------------------------------------------------------------------------------------


async def test_reviews_are_listed_newest_first_in_pages_with_a_total(client, session, product):
    authors = [await create_user(session, username=f"reader{n}") for n in range(5)]
    created = [
        await add_review(client, product.id, auth_headers(author), rating=n + 1)
        for n, author in enumerate(authors)
    ]

    pages = [
        await client.get(f"{reviews_of(product.id)}?skip={skip}&limit=2") for skip in (0, 2, 4)
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert [page.headers["x-total-count"] for page in pages] == ["5", "5", "5"]
    listed = [review for page in pages for review in page.json()]
    assert [len(page.json()) for page in pages] == [2, 2, 1]
    assert [review["id"] for review in listed] == [review["id"] for review in reversed(created)]
    assert [review["username"] for review in listed] == [f"reader{n}" for n in range(4, -1, -1)]
    assert all(review["verified_purchase"] is False for review in listed)
    assert listed[0] == created[-1]


async def test_order_is_by_creation_time_not_by_id(client, session, product, customer, admin):
    recent = Review(product_id=product.id, user_id=customer.id, rating=5, comment="new")
    old = Review(
        product_id=product.id,
        user_id=admin.id,
        rating=1,
        comment="old",
        created_at=utcnow() - timedelta(days=30),
    )
    session.add(recent)
    await session.flush()
    session.add(old)  # inserted later, so a higher id
    await session.flush()

    response = await client.get(reviews_of(product.id))

    assert [review["comment"] for review in response.json()] == ["new", "old"]
    assert [review["username"] for review in response.json()] == ["carla", "adam"]


async def test_a_page_holds_20_reviews_by_default_and_at_most_100(client, session, product):
    for _ in range(21):
        author = await create_user(session)
        session.add(Review(product_id=product.id, user_id=author.id, rating=4))
    await session.flush()

    default = await client.get(reviews_of(product.id))
    largest = await client.get(f"{reviews_of(product.id)}?limit=100")

    assert len(default.json()) == 20
    assert default.headers["x-total-count"] == "21"
    assert len(largest.json()) == 21
    for query in ("limit=101", "limit=0", "skip=-1", "limit=abc"):
        response = await client.get(f"{reviews_of(product.id)}?{query}")
        assert response.status_code == 422, query


async def test_a_product_without_reviews_lists_none(client, product):
    response = await client.get(reviews_of(product.id))

    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["x-total-count"] == "0"


async def test_reviews_of_one_product_are_not_listed_under_another(
    client, product, new_product, customer_headers
):
    other_product = await new_product()
    await add_review(client, other_product.id, customer_headers)

    response = await client.get(reviews_of(product.id))

    assert response.json() == []
    assert response.headers["x-total-count"] == "0"


async def test_one_authors_review_is_found_by_their_user_id(
    client, session, product, customer, customer_headers
):
    other = await create_user(session, email="olga@example.com", username="olga")
    await add_review(client, product.id, auth_headers(other), rating=2)
    own = await add_review(client, product.id, customer_headers, rating=5)

    mine = await client.get(reviews_of(product.id), params={"user_id": customer.id})
    nobodys = await client.get(reviews_of(product.id), params={"user_id": customer.id + 1000})

    assert [review["id"] for review in mine.json()] == [own["id"]]
    assert mine.headers["x-total-count"] == "1"
    assert nobodys.json() == []
    assert (await client.get(reviews_of(product.id))).headers["x-total-count"] == "2"


# --- ratings in the catalog ---------------------------------------------------------------------


async def rating_of(client, product_id):
    body = (await client.get(f"/products/{product_id}")).json()
    return body["average_rating"], body["review_count"]


async def test_reviews_change_the_products_rating_exactly(client, session, product, admin):
    readers = [auth_headers(await create_user(session)) for _ in range(3)]
    assert await rating_of(client, product.id) == (None, 0)

    created = [
        await add_review(client, product.id, headers, rating=rating)
        for headers, rating in zip(readers, (5, 3, 4), strict=True)
    ]
    assert await rating_of(client, product.id) == (4.0, 3)

    await client.put(
        f"{reviews_of(product.id)}/{created[1]['id']}", json={"rating": 5}, headers=readers[1]
    )
    assert await rating_of(client, product.id) == (4.67, 3)

    await client.delete(f"{reviews_of(product.id)}/{created[2]['id']}", headers=auth_headers(admin))
    assert await rating_of(client, product.id) == (5.0, 2)

    for review, headers in zip(created[:2], readers[:2], strict=True):
        await client.delete(f"{reviews_of(product.id)}/{review['id']}", headers=headers)
    assert await rating_of(client, product.id) == (None, 0)


async def test_catalog_sorted_by_rating_puts_unreviewed_products_last(client, session, new_product):
    unrated = await new_product(name="Unrated")
    good = await new_product(name="Good")
    best = await new_product(name="Best")
    poor = await new_product(name="Poor")
    readers = [auth_headers(await create_user(session)) for _ in range(2)]
    for product, ratings in ((good, (4, 5)), (best, (5,)), (poor, (2, 1))):
        for headers, rating in zip(readers, ratings, strict=False):
            await add_review(client, product.id, headers, rating=rating)

    response = await client.get("/products/?sort=rating")

    assert response.status_code == 200
    assert [(p["name"], p["average_rating"], p["review_count"]) for p in response.json()] == [
        ("Best", 5.0, 1),
        ("Good", 4.5, 2),
        ("Poor", 1.5, 2),
        ("Unrated", None, 0),
    ]
    assert unrated.id < good.id  # the order is the rating's, not the ids'


async def test_admins_reviews_count_like_anyone_elses(client, product, admin_headers):
    await add_review(client, product.id, admin_headers, rating=2)

    assert await rating_of(client, product.id) == (2.0, 1)
