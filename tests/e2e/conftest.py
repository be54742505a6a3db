"""Browser tests: a real `webshop serve` process, Chromium through Playwright, and the UI.

The server runs once per session on a fresh SQLite file, or a fresh PostgreSQL database when
`TEST_POSTGRES_URL` is set. Each test gets its own browser context, traced; a failed test
leaves a full-page screenshot, the trace and the server's log in
`tests/e2e/artifacts/<test name>/` (to look at a trace offline:
`.venv/bin/playwright show-trace --port 9323 <trace.zip>`, then open http://127.0.0.1:9323).
A test fails if its pages log a console error, throw, lose a request or get a 5xx, unless it
is marked `allow_console_errors`; a 4xx answer to the app's own API calls is only recorded.
Every test needs the built web UI unless it is marked `no_web_ui`. Tests that need the demo
data (`webshop seed`) use `demo_server` and `demo_api`: a second server, seeded once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Generator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from tests.databases import postgres_database
from tests.e2e.pages import (
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    PageErrors,
    artifact_dir,
    chromium_path,
    keep_screenshots,
)
from tests.e2e.server import (
    Server,
    seed_demo_data,
    start_server,
    stop_server,
    wait_delivered,
)
from tests.e2e.shop import login

E2E_DIR = Path(__file__).resolve().parent
WEB_UI_INDEX = E2E_DIR.parents[1] / "src" / "webshop" / "web" / "dist" / "index.html"
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
DEMO_SHOP = {"SHOP_NAME": "Corner Shop"}
# For what does not depend on the database (accessibility, pictures): checked once, on the
# embedded default, not again when the suite runs on PostgreSQL.
embedded_only = pytest.mark.skipif(
    bool(os.environ.get("TEST_POSTGRES_URL")), reason="the same on every database: run on SQLite"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: a browser test against a real `webshop serve`")
    config.addinivalue_line(
        "markers", "allow_console_errors: the test's pages may log errors (it checks them itself)"
    )
    config.addinivalue_line("markers", "no_web_ui: the test does not need the built web UI")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def failed(item: pytest.Item) -> bool:
    return any(report.failed for report in item.stash.get(REPORTS, {}).values())


def fails_on(errors: PageErrors, item: pytest.Item) -> list[str]:
    """The page errors that fail `item`: none when it is marked `allow_console_errors`."""
    return [] if item.get_closest_marker("allow_console_errors") else errors.problems()


@contextmanager
def fresh_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A new SQLite file, or a new PostgreSQL database (dropped afterwards) when
    `TEST_POSTGRES_URL` is set."""
    postgres_url = os.environ.get("TEST_POSTGRES_URL")
    if not postgres_url:
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('e2e-db') / 'shop.db'}"
        return
    with postgres_database(postgres_url) as url:
        yield url


@pytest.fixture(scope="session")
def server_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, server_database: str) -> Iterator[Server]:
    """The shop, served by a real process; the administrator is `server.admin_username`."""
    server = start_server(tmp_path_factory.mktemp("e2e-shop"), server_database)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo shop (`webshop seed`, as the README's pictures show it) on a database of its
    own, every seeded event delivered to analytics; the session's `server` is left as its
    tests expect it."""
    with fresh_database(tmp_path_factory) as database:
        data_dir = tmp_path_factory.mktemp("e2e-demo-shop")
        seed_demo_data(data_dir, database, **DEMO_SHOP)
        server = start_server(data_dir, database, **DEMO_SHOP)
        try:
            wait_delivered(server)  # a busy relay would slow down the first test's pages
            yield server
        finally:
            stop_server(server)


@pytest.fixture(autouse=True)
def web_ui(request: pytest.FixtureRequest) -> None:
    """Every browser test needs the built UI, except those marked `no_web_ui`."""
    if request.node.get_closest_marker("no_web_ui") is None and not WEB_UI_INDEX.is_file():
        pytest.fail(
            "web UI not built: run make test (it builds it) or npm run build in frontend/",
            pytrace=False,
        )


@asynccontextmanager
async def admin_client(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on `server`, logged in as the administrator."""
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        token = await login(client, server.admin_username, server.admin_password)
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


@pytest.fixture
async def api(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on the server, logged in as the administrator (see tests/e2e/shop.py)."""
    async with admin_client(server) as client:
        yield client


@pytest.fixture
async def demo_api(demo_server: Server) -> AsyncIterator[httpx.AsyncClient]:
    """`api`, on `demo_server`."""
    async with admin_client(demo_server) as client:
        yield client


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        yield browser
        await browser.close()


@pytest.fixture
def page_errors(request: pytest.FixtureRequest) -> Iterator[PageErrors]:
    """Console errors, uncaught exceptions and failed requests of the test's pages."""
    errors = PageErrors()
    yield errors
    problems = fails_on(errors, request.node)
    if problems and not failed(request.node):
        pytest.fail(
            "the page reported errors (mark the test allow_console_errors if they are "
            "expected):\n" + "\n".join(problems),
            pytrace=False,
        )


@asynccontextmanager
async def traced_context(
    browser: Browser,
    server: Server,
    request: pytest.FixtureRequest,
    errors: PageErrors,
    name: str,
    options: dict[str, Any],
) -> AsyncIterator[BrowserContext]:
    """A context on the server, traced; on failure its screenshots and trace are kept."""
    context = await browser.new_context(base_url=server.base_url, **options)
    errors.watch(context)
    await context.tracing.start(screenshots=True, snapshots=True)
    directory = artifact_dir(request.node.name)
    shutil.rmtree(directory, ignore_errors=True)
    try:
        yield context
    finally:
        if failed(request.node) or fails_on(errors, request.node):
            directory.mkdir(parents=True, exist_ok=True)
            await keep_screenshots(context, directory, name)
            await context.tracing.stop(path=directory / f"{name}-trace.zip")
            shutil.copyfile(server.log, directory / "server.log")
        else:
            await context.tracing.stop()
        await context.close()


@pytest.fixture
async def context(
    browser: Browser, server: Server, request: pytest.FixtureRequest, page_errors: PageErrors
) -> AsyncIterator[BrowserContext]:
    """A desktop (1280x800) browser context; `page.goto("/")` opens the shop."""
    async with traced_context(browser, server, request, page_errors, "desktop", DESKTOP) as ctx:
        yield ctx


@pytest.fixture
async def page(context: BrowserContext) -> Page:
    return await context.new_page()


@pytest.fixture
async def phone_context(
    browser: Browser, server: Server, request: pytest.FixtureRequest, page_errors: PageErrors
) -> AsyncIterator[BrowserContext]:
    """A phone-sized (360x740, touch) browser context."""
    async with traced_context(browser, server, request, page_errors, "phone", PHONE) as ctx:
        yield ctx


@pytest.fixture
async def phone_page(phone_context: BrowserContext) -> Page:
    return await phone_context.new_page()
