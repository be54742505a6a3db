"""Signed-in devices: a customer sees where the account is logged in and signs devices out."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.server import Server
from tests.e2e.shop import expect as expect_status
from tests.e2e.shop import register_customer
from tests.e2e.storefront import log_in


def devices(page: Page) -> Locator:
    """The cards of the signed-in devices page, one per device."""
    return page.get_by_role("main").get_by_role("listitem")


async def open_devices(page: Page) -> None:
    await page.goto("/account")
    await page.get_by_role("link", name="See signed-in devices").click()
    await expect(page.get_by_role("heading", level=1, name="Signed-in devices")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/account/sessions$"))


async def test_a_device_signed_out_from_another_is_logged_out_at_once(
    page: Page, phone_page: Page, api
):
    laptop, phone = page, phone_page
    customer = await register_customer(api)
    await log_in(laptop, customer)
    await log_in(phone, customer)

    await open_devices(phone)
    await expect(devices(phone)).to_have_count(2)
    await expect(phone.get_by_text("2 devices signed in")).to_be_visible()
    this_device = devices(phone).filter(has_text="This device")
    await expect(this_device).to_have_count(1)
    await expect(devices(phone).first).to_contain_text("This device")  # listed first
    await expect(this_device).to_contain_text("127.0.0.1")
    await expect(this_device.get_by_role("heading")).to_contain_text("Chrome on Linux")

    # Both are Chromium on Linux: the other one's button is the one not for "this device".
    await phone.get_by_role("button", name="Sign out Chrome on Linux", exact=True).click()
    await expect(phone.get_by_role("status").filter(has_text="Signed out")).to_contain_text(
        "Signed out Chrome on Linux."
    )
    await expect(devices(phone)).to_have_count(1)
    await expect(phone.get_by_text("No other device is signed in")).to_be_visible()
    await expect(phone.get_by_role("button", name="Sign out everywhere else")).to_have_count(0)

    # The laptop still shows the shop as logged in, until its next request: then it is out.
    await expect(laptop.get_by_role("button", name="Log out")).to_be_visible()
    await laptop.get_by_role("link", name="Orders").click()
    await expect(laptop.get_by_role("heading", name="Log in")).to_be_visible()
    await expect(laptop).to_have_url(re.compile(r"/login\?next=%2Faccount%2Forders$"))
    await expect(laptop.get_by_role("link", name="Log in")).to_be_visible()
    await laptop.reload()  # and a fresh page load does not bring the session back
    await expect(laptop.get_by_role("heading", name="Log in")).to_be_visible()

    # The phone is still logged in.
    await phone.reload()
    await expect(devices(phone)).to_have_count(1)
    await expect(devices(phone)).to_contain_text("This device")


async def test_signing_out_everywhere_else_asks_first_and_ends_every_other_session(
    page: Page, api, server: Server
):
    customer = await register_customer(api)
    await log_in(page, customer)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as script:
        form = {"username": customer["username"], "password": customer["password"]}
        tokens = expect_status(await script.post("/auth/login", data=form))
        script.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        assert (await script.get("/users/me")).status_code == 200

        await open_devices(page)
        await expect(devices(page)).to_have_count(2)
        script_card = devices(page).filter(has_text="python-httpx")
        await expect(script_card.get_by_role("heading")).to_have_text("Python (httpx)")
        await expect(script_card).to_contain_text("just now")

        await page.get_by_role("button", name="Sign out everywhere else").click()
        dialog = page.get_by_role("dialog", name="Sign out everywhere else?")
        await expect(dialog).to_contain_text("The other device is signed out at once")
        await dialog.get_by_role("button", name="Cancel").click()
        await expect(dialog).to_be_hidden()
        assert (await script.get("/users/me")).status_code == 200

        await page.get_by_role("button", name="Sign out everywhere else").click()
        await dialog.get_by_role("button", name="Sign out 1 device").click()
        await expect(page.get_by_role("status").filter(has_text="Signed out")).to_contain_text(
            "Signed out 1 other device."
        )
        await expect(devices(page)).to_have_count(1)
        await expect(devices(page)).to_contain_text("This device")

        ended = await script.get("/users/me")
        assert ended.status_code == 401, ended.text
        refresh = {"Authorization": f"Bearer {tokens['refresh_token']}"}
        refreshed = await script.post("/auth/refresh", headers=refresh)
        assert refreshed.status_code == 401, refreshed.text
        assert refreshed.json()["code"] == "session_ended"

    # This browser goes on as before.
    await page.get_by_role("link", name="Orders").click()
    await expect(page.get_by_role("heading", name="Your orders")).to_be_visible()


async def test_the_devices_page_on_a_phone(phone_page: Page, api):
    page = phone_page
    customer = await register_customer(api)
    await log_in(page, customer)
    await open_devices(page)
    card = devices(page).first
    await expect(card).to_contain_text("This device")
    # Nothing sticks out of a 360 px wide screen: the card stacks its facts and its button.
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"
    box = await card.bounding_box()
    button = await card.get_by_role("button").bounding_box()
    assert box
    assert button
    assert button["y"] > box["y"] + box["height"] / 2  # below the facts, not beside them
    assert button["height"] >= 44  # a finger's size

    # Signing out this device logs out.
    await card.get_by_role("button", name=re.compile(r"\(this device\)$")).click()
    await expect(page.get_by_role("link", name="Log in")).to_be_visible()
    await page.goto("/account/sessions")
    await expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount%2Fsessions$"))


@pytest.mark.allow_console_errors  # the request cut off is a failed request, on purpose
async def test_a_page_left_while_the_session_was_restored_does_not_log_the_customer_out(
    page: Page, api, page_errors
):
    """Leaving a page (a click, a reload) cuts its requests off. A restore cut off that way
    says nothing about the session, which the next page restores."""
    customer = await register_customer(api)
    await log_in(page, customer)
    await page.route("**/users/me", lambda route: route.abort())
    await page.goto("/")
    await expect(page.get_by_role("link", name="Log in")).to_be_visible()

    await page.unroute("**/users/me")
    await page.goto("/account")

    await expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
    assert all("/users/me" in problem for problem in page_errors.problems())
