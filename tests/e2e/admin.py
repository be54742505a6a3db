"""What an administrator does in the console, step by step, through roles and labels."""

from __future__ import annotations

from playwright.async_api import Page

from tests.e2e.server import Server
from tests.e2e.storefront import log_in

ADMIN_PAGES = [
    "/admin",
    "/admin/products",
    "/admin/orders",
    "/admin/customers",
    "/admin/analytics",
    "/admin/activity",
    "/admin/integrity",
    "/admin/events",
]


async def log_in_as_admin(page: Page, server: Server, next_path: str = "/admin") -> None:
    admin = {"username": server.admin_username, "password": server.admin_password}
    await log_in(page, admin, next_path)
