from sqlalchemy import select

from webshop.events.models import OutboxEvent
from webshop.users.models import User

VALID = {"email": "New.User@Example.com", "username": "new_user", "password": "s3cret-pass"}


async def test_register_creates_a_customer_and_never_returns_the_hash(client, session):
    response = await client.post("/auth/register", json=VALID)

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new.user@example.com"
    assert body["username"] == "new_user"
    assert body["role"] == "customer"
    assert body["is_active"] is True
    assert "password" not in str(body)
    assert "hash" not in str(body)
    user = (await session.execute(select(User).where(User.id == body["id"]))).scalar_one()
    assert user.password_hash.startswith("$2")
    assert user.password_hash != VALID["password"]


async def test_register_rejects_a_role_in_the_body(client, count_rows):
    for extra in ({"role": "admin"}, {"is_admin": True}):
        response = await client.post("/auth/register", json={**VALID, **extra})

        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", next(iter(extra))]
    assert await count_rows("users") == 0


async def test_register_validates_each_field(client):
    cases = {
        "email": ["not-an-email", "a@b", ""],
        "username": ["ab", "x" * 51, "has space", "semi;colon", "ünïcode"],
        "password": ["short", "ü" * 37],  # 7 chars; 74 bytes, past bcrypt's 72
    }
    for field, bad_values in cases.items():
        for bad in bad_values:
            response = await client.post("/auth/register", json={**VALID, field: bad})

            assert response.status_code == 422, (field, bad)
            assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]


async def test_register_accepts_boundary_values(client):
    response = await client.post(
        "/auth/register",
        json={"email": "edge@example.com", "username": "a.b", "password": "p" * 72},
    )
    assert response.status_code == 201


async def test_validation_errors_never_echo_the_submitted_password(client):
    response = await client.post("/auth/register", json={**VALID, "password": "tiny"})

    assert response.status_code == 422
    assert "tiny" not in response.text


async def test_duplicate_email_or_username_is_a_409_with_a_clear_message(client):
    assert (await client.post("/auth/register", json=VALID)).status_code == 201

    same_email = await client.post(
        "/auth/register", json={**VALID, "email": "NEW.USER@example.com", "username": "other"}
    )
    same_username = await client.post(
        "/auth/register", json={**VALID, "email": "other@example.com", "username": "NEW_USER"}
    )

    assert same_email.status_code == 409
    assert same_email.json() == {
        "detail": "An account with this email already exists",
        "code": "email_taken",
    }
    assert same_username.status_code == 409
    assert same_username.json() == {
        "detail": "This username is already taken",
        "code": "username_taken",
    }


async def test_register_writes_a_user_registered_event_in_the_outbox(client, session):
    response = await client.post("/auth/register", json=VALID)
    user_id = response.json()["id"]

    event = (await session.execute(select(OutboxEvent))).scalar_one()
    assert event.event_type == "user_registered"
    assert event.user_id == user_id
    assert event.key == str(user_id)
    assert event.data == {"user_id": user_id, "username": "new_user", "role": "customer"}
    assert event.sent_at is None


async def test_a_rejected_registration_leaves_no_event(client, count_rows):
    await client.post("/auth/register", json=VALID)
    await client.post("/auth/register", json={**VALID, "username": "someone_else"})

    assert await count_rows("users") == 1
    assert await count_rows("outbox") == 1


async def test_malformed_json_is_a_400(client):
    response = await client.post(
        "/auth/register", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body could not be parsed",
        "code": "malformed_body",
    }
