"""Role guards as dependencies: a route states the role it needs and gets the user."""

from tests.conftest import make_client
from webshop.auth.dependencies import AdminUser, CustomerUser
from webshop.users.models import User


def _mount_guarded_routes(app) -> None:
    async def customers_only(user: CustomerUser) -> dict[str, int]:
        return {"id": user.id}

    async def admins_only(user: AdminUser) -> dict[str, int]:
        return {"id": user.id}

    app.add_api_route("/guarded/customer", customers_only)
    app.add_api_route("/guarded/admin", admins_only)


async def test_customer_guard(app, customer: User, customer_headers, admin_headers):
    _mount_guarded_routes(app)
    async with make_client(app) as client:
        allowed = await client.get("/guarded/customer", headers=customer_headers)
        refused = await client.get("/guarded/customer", headers=admin_headers)
        anonymous = await client.get("/guarded/customer")

    assert allowed.json() == {"id": customer.id}
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Your role does not allow this", "code": "role_required"}
    assert anonymous.status_code == 401


async def test_admin_guard(app, admin: User, customer_headers, admin_headers):
    _mount_guarded_routes(app)
    async with make_client(app) as client:
        allowed = await client.get("/guarded/admin", headers=admin_headers)
        refused = await client.get("/guarded/admin", headers=customer_headers)

    assert allowed.json() == {"id": admin.id}
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Administrator access required", "code": "admin_required"}
