"""Without a build (no index.html) `/` says how to make one and every other path is the API's."""

from pathlib import Path

import pytest

import webshop
from tests.conftest import make_client
from webshop.core.config import Settings
from webshop.main import create_app
from webshop.web.router import PACKAGE_BUILD

NOT_FOUND = {"detail": "Not found", "code": "not_found"}


async def test_root_says_where_the_docs_are_and_how_to_build_the_ui(client, settings):
    response = await client.get("/")
    body = response.json()

    assert response.status_code == 200
    assert body["name"] == settings.SHOP_NAME
    assert body["version"] == webshop.__version__
    assert body["docs"] == "/docs"
    assert body["health"] == "/health"
    assert "make run" in body["web_ui"]
    assert "Node.js 18+ and npm" in body["web_ui"]


@pytest.mark.parametrize("path", ["/cart", "/product/1", "/no/such/page", "/assets/app-abc123.js"])
async def test_every_other_path_is_the_apis_404(client, path):
    response = await client.get(path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_files_without_an_index_are_not_a_build(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app-abc123.js").write_text("half a build")
    app = create_app(Settings(WEB_UI_DIR=tmp_path))

    async with make_client(app) as client:
        root = await client.get("/")
        asset = await client.get("/assets/app-abc123.js")

    assert root.json()["docs"] == "/docs"
    assert asset.json() == NOT_FOUND


async def test_a_build_made_while_the_shop_runs_is_served(tmp_path):
    app = create_app(Settings(WEB_UI_DIR=tmp_path / "dist"))
    async with make_client(app) as client:
        before = await client.get("/cart")
        (tmp_path / "dist").mkdir()
        (tmp_path / "dist" / "index.html").write_text("<!doctype html><title>WebShop</title>")
        after = await client.get("/cart")

    assert before.json() == NOT_FOUND
    assert after.status_code == 200
    assert after.text == "<!doctype html><title>WebShop</title>"


def test_by_default_the_packages_own_build_is_served():
    assert PACKAGE_BUILD == Path(webshop.__file__).parent / "web" / "dist"
