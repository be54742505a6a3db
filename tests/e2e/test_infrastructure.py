"""The browser-test machinery itself, on pages the API serves (no web UI needed)."""

import httpx
import pytest

from tests.e2e import pages
from tests.e2e.axe import axe_violations, format_violations
from tests.e2e.pages import screenshot
from tests.e2e.shop import change_stock, create_product, register_customer, unique, upload_image

pytestmark = pytest.mark.no_web_ui


async def test_the_server_is_healthy_on_the_chosen_database(server, api):
    health = (await api.get("/health")).json()
    assert health["status"] == "ok"
    assert health["database"] == "ok"
    assert health["kafka"] == "disabled"
    assert "Created administrator admin" in server.output()


async def test_the_api_helpers_arrange_a_shop(api):
    product = await create_product(api, name=unique("Green tea"), price="4.20", stock=3)
    assert product["price"] == "4.20"
    assert product["category"] == "tea"
    with_image = await upload_image(api, product["id"])
    assert (await api.get(with_image["image_url"])).headers["content-type"] == "image/png"
    assert (await change_stock(api, product["id"], 7, "restock"))["stock_after"] == 10
    customer = await register_customer(api)
    assert customer["role"] == "customer"
    async with httpx.AsyncClient(base_url=str(api.base_url)) as anonymous:
        login = await anonymous.post(
            "/auth/login", data={"username": customer["username"], "password": customer["password"]}
        )
    assert login.status_code == 200


async def test_the_browser_opens_the_api_documentation(page, page_errors):
    await page.goto("/docs")
    await page.get_by_role("heading", name="WebShop API").wait_for()
    assert await page.title() == "WebShop API - API documentation"
    assert page.viewport_size == {"width": 1280, "height": 800}
    assert page_errors.problems() == []


async def test_a_phone_page_is_phone_sized(phone_page):
    await phone_page.goto("/docs")
    await phone_page.get_by_role("heading", name="WebShop API").wait_for()
    assert await phone_page.evaluate("window.innerWidth") == 360


async def test_axe_runs_under_the_pages_content_security_policy(page):
    response = await page.goto("/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    await page.get_by_role("heading", name="WebShop API").wait_for()
    violations = await axe_violations(page)
    assert isinstance(violations, list)
    assert all(v["impact"] in {"serious", "critical"} for v in violations), violations


async def test_axe_reports_what_is_wrong_readably(page):
    await page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main>')
    violations = await axe_violations(page)
    assert [v["id"] for v in violations] == ["image-alt"]
    assert "image-alt (critical)" in format_violations(violations)


@pytest.mark.allow_console_errors
async def test_page_errors_are_collected(page, page_errors, api):
    await page.goto("/login")  # a page of the app: its policy lets it fetch from the API
    await page.evaluate("fetch('/users/me')")  # a 401 the app expects: recorded, not a problem
    await page.evaluate("fetch('/nothing-here', {method: 'POST'})")
    await page.evaluate("console.error('broken')")
    await page.evaluate("setTimeout(() => { throw new Error('boom') }, 0)")
    await page.wait_for_timeout(200)
    assert "broken" in page_errors.console
    assert any("boom" in error for error in page_errors.uncaught)
    assert any(error.startswith("401 GET") for error in page_errors.http_errors)
    problems = page_errors.problems()
    assert "console error: broken" in problems
    assert "uncaught exception: boom" in problems
    assert not any("/users/me" in problem for problem in problems)
    assert any("/nothing-here" in error for error in page_errors.http_errors)


async def test_screenshots_go_to_the_documentation(page, monkeypatch, tmp_path):
    monkeypatch.setattr(pages, "SCREENSHOTS", tmp_path)
    await page.goto("/docs")
    await page.get_by_role("heading", name="WebShop API").wait_for()
    path = await screenshot(page, "docs")
    assert path == tmp_path / "docs.png"
    assert path.read_bytes().startswith(b"\x89PNG")
