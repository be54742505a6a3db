"""The browser side of the e2e tests: Chromium's options, what a page did wrong, screenshots."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext, ConsoleMessage, Error, Page, Request, Response

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
# Requests the app makes itself: an error answer is often expected (401 while logged out).
API_REQUESTS = {"fetch", "xhr", "eventsource"}
HTTP_ERROR_LOG = "Failed to load resource: the server responded with a status of"
NETWORK_ERROR_LOG = "Failed to load resource: net::"


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        raise RuntimeError(
            f"Chromium not found at {path}: run scripts/ensure-browser.sh or set CHROMIUM_PATH"
        )
    return path


@dataclass
class PageErrors:
    """What went wrong in a test's pages. `problems()` fails the test unless it is marked
    `allow_console_errors`; answers of 4xx to the app's own API calls are only recorded."""

    console: list[str] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    _api_errors: dict[str, int] = field(default_factory=dict)
    _load_errors: list[tuple[str, str]] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.uncaught.append(str(error.error)))
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.text.startswith(HTTP_ERROR_LOG):
            # Chromium's own line for a failed load: judged in problems() with its request.
            self._load_errors.append((message.text, message.location.get("url", "")))
        elif not message.text.startswith(NETWORK_ERROR_LOG):  # those are in failed_requests
            self.console.append(message.text)

    def _on_request_failed(self, request: Request) -> None:
        failure = request.failure or "failed"
        if "ERR_ABORTED" not in failure:  # cancelled by a navigation or by closing the page
            self.failed_requests.append(f"{request.method} {request.url}: {failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            request = response.request
            self.http_errors.append(
                f"{response.status} {request.method} {request.url} ({request.resource_type})"
            )
            if request.resource_type in API_REQUESTS:
                self._api_errors[request.url] = response.status

    def problems(self) -> list[str]:
        loads = [
            f"{text}: {url}"
            for text, url in self._load_errors
            if self._api_errors.get(url, 500) >= 500
        ]
        return [
            *(f"console error: {text}" for text in self.console + loads),
            *(f"uncaught exception: {text}" for text in self.uncaught),
            *(f"request failed: {text}" for text in self.failed_requests),
        ]


def artifact_dir(test_name: str) -> Path:
    return ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name).strip("_")


async def keep_screenshots(context: BrowserContext, directory: Path, prefix: str) -> None:
    for number, page in enumerate(context.pages, start=1):
        try:
            await page.screenshot(path=directory / f"{prefix}-page{number}.png", full_page=True)
        except Error as exc:  # a crashed or closed page: the trace still has its last frames
            (directory / f"{prefix}-page{number}.txt").write_text(f"no screenshot: {exc}\n")


async def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """Save `docs/screenshots/<name>.png`, for the documentation; untouched if unchanged."""
    path = SCREENSHOTS / f"{name}.png"
    image = await page.screenshot(full_page=full_page, animations="disabled", caret="hide")
    if not path.exists() or path.read_bytes() != image:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image)
    return path
