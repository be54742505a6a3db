from datetime import timedelta

from tests.factories import auth_headers, create_user
from webshop.core.clock import utcnow
from webshop.users.models import UserRole


async def test_customers_cannot_reach_admin_routes(client, customer, customer_headers):
    for method, path, body in (
        ("GET", "/users/", None),
        ("GET", "/users/stats", None),
        ("GET", f"/users/{customer.id}", None),
        ("PATCH", f"/users/{customer.id}", {"role": "admin"}),
    ):
        response = await client.request(method, path, json=body, headers=customer_headers)

        assert response.status_code == 403, path
        assert response.json() == {
            "detail": "Administrator access required",
            "code": "admin_required",
        }
    me = await client.get("/users/me", headers=customer_headers)
    assert me.json()["role"] == "customer"


async def test_list_users_pages_with_a_total_count(client, session, admin, admin_headers):
    for number in range(5):
        await create_user(session, username=f"shopper{number}")

    first = await client.get("/users/?skip=0&limit=4", headers=admin_headers)
    second = await client.get("/users/?skip=4&limit=4", headers=admin_headers)

    assert first.status_code == 200
    assert first.headers["x-total-count"] == "6"
    assert len(first.json()) == 4
    assert len(second.json()) == 2
    ids = [user["id"] for user in first.json() + second.json()]
    assert ids == sorted(ids)
    assert len(set(ids)) == 6


async def test_list_users_limit_is_capped_at_100(client, admin_headers):
    for query in ("limit=101", "limit=0", "skip=-1", "limit=abc"):
        response = await client.get(f"/users/?{query}", headers=admin_headers)
        assert response.status_code == 422, query
    assert (await client.get("/users/?limit=100", headers=admin_headers)).status_code == 200


async def test_list_users_filters_by_text_and_role(client, session, admin, admin_headers):
    await create_user(session, username="mike_buyer", email="mike@shop.example")
    await create_user(session, username="nina", email="nina_buyer@example.com")
    await create_user(session, username="otto")

    found = await client.get("/users/?q=BUYER", headers=admin_headers)
    admins = await client.get("/users/?role=admin", headers=admin_headers)
    literal = await client.get("/users/?q=%25", headers=admin_headers)

    assert sorted(user["username"] for user in found.json()) == ["mike_buyer", "nina"]
    assert found.headers["x-total-count"] == "2"
    assert [user["username"] for user in admins.json()] == ["adam"]
    assert literal.json() == []  # "%" is searched for, not a wildcard


async def test_read_user(client, customer, admin_headers):
    response = await client.get(f"/users/{customer.id}", headers=admin_headers)
    assert response.status_code == 200
    assert response.json()["username"] == "carla"


async def test_unknown_or_malformed_user_ids(client, admin_headers):
    missing = await client.get("/users/999999", headers=admin_headers)
    malformed = await client.get("/users/abc", headers=admin_headers)

    assert missing.status_code == 404
    assert missing.json() == {"detail": "User not found", "code": "not_found"}
    assert malformed.status_code == 404


async def test_admin_promotes_and_reactivates(client, customer, admin_headers, login):
    promoted = await client.patch(
        f"/users/{customer.id}", json={"role": "admin"}, headers=admin_headers
    )
    assert promoted.json()["role"] == "admin"
    # A new role ends the user's sessions; logged in again, they are an administrator.
    assert (await client.get("/users/me", headers=auth_headers(customer))).status_code == 401
    token = (await login("carla")).json()["access_token"]
    stats = await client.get("/users/stats", headers={"Authorization": f"Bearer {token}"})
    assert stats.status_code == 200

    off = await client.patch(
        f"/users/{customer.id}", json={"is_active": False}, headers=admin_headers
    )
    on = await client.patch(
        f"/users/{customer.id}", json={"is_active": True}, headers=admin_headers
    )
    assert off.json()["is_active"] is False
    assert on.json()["is_active"] is True


async def test_admin_update_rejects_unknown_fields_and_values(client, customer, admin_headers):
    for body in ({"role": "superuser"}, {"password_hash": "x"}, {"is_active": "maybe"}):
        response = await client.patch(f"/users/{customer.id}", json=body, headers=admin_headers)
        assert response.status_code == 422, body


async def test_admins_cannot_demote_or_deactivate_themselves(client, admin, admin_headers):
    for body in ({"role": "customer"}, {"is_active": False}):
        response = await client.patch(f"/users/{admin.id}", json=body, headers=admin_headers)

        assert response.status_code == 409
        assert response.json() == {
            "detail": "You cannot change your own role or deactivate your own account",
            "code": "cannot_change_own_access",
        }
    unchanged = await client.patch(
        f"/users/{admin.id}", json={"role": "admin", "is_active": True}, headers=admin_headers
    )
    assert unchanged.status_code == 200


async def test_user_stats_counts_exactly(client, session, admin, admin_headers):
    await create_user(session, username="active_one")
    await create_user(session, username="inactive_one", is_active=False)
    veteran = await create_user(session, username="veteran")
    veteran.created_at = utcnow() - timedelta(days=20)
    ancient = await create_user(session, username="ancient", role=UserRole.ADMIN)
    ancient.created_at = utcnow() - timedelta(days=400)
    await session.flush()

    response = await client.get("/users/stats", headers=admin_headers)

    assert response.status_code == 200
    assert response.json() == {
        "total": 5,
        "active": 4,
        "inactive": 1,
        "customers": 3,
        "admins": 2,
        "new_last_7_days": 3,
        "new_last_30_days": 4,
    }
