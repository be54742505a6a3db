from tests.factories import DEFAULT_PASSWORD, create_user


async def test_read_me(client, customer, customer_headers):
    response = await client.get("/users/me", headers=customer_headers)

    assert response.status_code == 200
    assert response.json() == {
        "id": customer.id,
        "email": "carla@example.com",
        "username": "carla",
        "role": "customer",
        "is_active": True,
        "created_at": customer.created_at.isoformat().replace("+00:00", "Z"),
        "last_login_at": None,
    }


async def test_update_me_changes_username_and_email(client, customer_headers, login):
    response = await client.patch(
        "/users/me",
        json={"username": "carla_b", "email": "Carla.B@Example.com"},
        headers=customer_headers,
    )

    assert response.status_code == 200
    assert response.json()["username"] == "carla_b"
    assert response.json()["email"] == "carla.b@example.com"
    assert (await login("carla.b@example.com")).status_code == 200


async def test_update_me_can_never_change_the_role(client, customer, customer_headers):
    response = await client.patch("/users/me", json={"role": "admin"}, headers=customer_headers)

    assert response.status_code == 422
    me = await client.get("/users/me", headers=customer_headers)
    assert me.json()["role"] == "customer"


async def test_update_me_to_a_taken_name_is_409(client, session, customer_headers):
    await create_user(session, username="taken", email="taken@example.com")

    by_name = await client.patch("/users/me", json={"username": "TAKEN"}, headers=customer_headers)
    by_email = await client.patch(
        "/users/me", json={"email": "taken@example.com"}, headers=customer_headers
    )

    assert by_name.status_code == 409
    assert by_email.status_code == 409


async def test_update_me_keeping_my_own_name_is_fine(client, customer_headers):
    response = await client.patch(
        "/users/me",
        json={"username": "Carla", "email": "carla@example.com"},
        headers=customer_headers,
    )
    assert response.status_code == 200
    assert response.json()["username"] == "Carla"


async def test_update_me_validates(client, customer_headers):
    response = await client.patch("/users/me", json={"username": "x"}, headers=customer_headers)
    assert response.status_code == 422


async def test_change_password(client, customer, customer_headers, login):
    old_session = (await login("carla")).json()

    response = await client.post(
        "/users/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a brand new secret"},
        headers=customer_headers,
    )

    assert response.status_code == 200
    new_tokens = response.json()
    assert (await login("carla")).status_code == 401
    assert (await login("carla", "a brand new secret")).status_code == 200
    # Other sessions end; the one that changed the password continues with its new tokens.
    stale = await client.post(
        "/auth/refresh", headers={"Authorization": f"Bearer {old_session['refresh_token']}"}
    )
    fresh = await client.post(
        "/auth/refresh", headers={"Authorization": f"Bearer {new_tokens['refresh_token']}"}
    )
    assert stale.status_code == 401
    assert fresh.status_code == 200


async def test_change_password_needs_the_current_one(client, customer_headers, login):
    response = await client.post(
        "/users/me/password",
        json={"current_password": "wrong guess", "new_password": "a brand new secret"},
        headers=customer_headers,
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Current password is incorrect",
        "code": "wrong_current_password",
    }
    assert (await login("carla")).status_code == 200


async def test_change_password_validates_the_new_one(client, customer_headers):
    response = await client.post(
        "/users/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "short"},
        headers=customer_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "new_password"]


async def test_me_requires_login(client):
    for method, path in (
        ("GET", "/users/me"),
        ("PATCH", "/users/me"),
        ("POST", "/users/me/password"),
    ):
        response = await client.request(method, path, json={})
        assert response.status_code == 401, path
