"""Pages: index.html for the app's routes (200) and for any other path outside the API (404);
the API's paths keep their JSON."""

import pytest

from tests.web.conftest import INDEX
from webshop.api.middleware import API_POLICY
from webshop.web.router import CONTENT_SECURITY_POLICY, is_api_path

PAGES = [
    "/",
    "/index.html",
    "/product/42",
    "/product/2147483647",
    "/cart",
    "/cart/",
    "/checkout",
    "/checkout/confirmation/17",
    "/login",
    "/register",
    "/account",
    "/account/orders/3",
    "/admin",
    "/admin/",
    "/admin/products/5/edit",
    "/admin/activity",
    "/admin/integrity",
    "/admin/events",
    "/admin/auditors",
]
NOT_PAGES = [
    "/nope",
    "/no/such/page",
    "/product",
    "/product/",
    "/product/abc",
    "/product/0",
    "/product/2147483648",
    "/product/1/reviews",
    "/carts",
    "/login/extra",
    "/administrator",
    "/assets",
    "/assets/",
    "/assets/missing-def456.js",
    "/robots.txt/more",
]
# Under these the API answers, a missing path included: `/shop` and `/media` are this
# package's neighbours, `/docs` and `/openapi.json` the documentation.
API_PATHS = [
    "/auth/nope",
    "/users/me/nope",
    "/products/1/nope",
    "/products/abc",
    "/orders/nope/more",
    "/customers/1/nope",
    "/events/nope",
    "/analytics/nope",
    "/health/nope",
    "/shop/nope",
    "/media/products/nope.webp",
    "/docs/nope",
    "/docs/assets/nope.js",
    "/openapi.json/nope",
    "/admin/audit/nope",
    "/admin/checks/nope",
    "/admin/outbox/1",
]
NOT_FOUND = {"detail": "Not found", "code": "not_found"}


def varies_by_encoding(response):
    return "Accept-Encoding" in response.headers.get("vary", "").split(", ")


def assert_index(response, status):
    assert response.status_code == status
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert varies_by_encoding(response)
    assert response.content == INDEX


@pytest.mark.parametrize("path", PAGES)
async def test_the_apps_pages_are_its_index(web, path):
    assert_index(await web.get(path), 200)


@pytest.mark.parametrize("path", NOT_PAGES)
async def test_any_other_path_is_the_index_with_a_404(web, path):
    assert_index(await web.get(path), 404)


@pytest.mark.parametrize("path", API_PATHS)
async def test_paths_under_the_api_keep_their_json_404(web, path):
    response = await web.get(path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    # Not the page's policy: the API's, which allows nothing to load.
    assert response.headers["content-security-policy"] == API_POLICY


async def test_every_api_path_is_under_an_api_prefix(web_app):
    mounted = [getattr(route, "path", None) for route in web_app.routes]  # /docs, /media, ...
    paths = [*web_app.openapi()["paths"], *(path for path in mounted if path and path != "/")]

    assert len(paths) > 30
    for path in paths:
        assert is_api_path(path), path


async def test_the_api_itself_is_unchanged(web):
    health = await web.get("/health")
    shop = await web.get("/shop")
    schema = await web.get("/openapi.json")
    docs = await web.get("/docs")

    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert shop.json()["currency"] == "EUR"
    assert "/" not in schema.json()["paths"]
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    assert docs.headers["content-security-policy"] != CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/nope"),
        ("POST", "/cart"),
        ("DELETE", "/admin/products/5"),
        ("PUT", "/assets/app-abc123.js"),
        ("PATCH", "/favicon.svg"),
    ],
)
async def test_other_methods_on_unknown_paths_keep_the_json_404(web, method, path):
    response = await web.request(method, path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_other_methods_on_existing_paths_keep_the_json_405(web):
    root = await web.post("/")
    health = await web.head("/health")

    assert root.status_code == 405
    assert root.json() == {"detail": "Method not allowed", "code": "method_not_allowed"}
    assert health.status_code == 405


async def test_head_answers_like_get_without_a_body(web):
    plain = {"Accept-Encoding": "identity"}
    root = await web.head("/", headers=plain)
    page = await web.head("/account/orders", headers=plain)
    missing = await web.head("/nope", headers=plain)
    asset = await web.head("/assets/app-abc123.js", headers=plain)

    for response, status in ((root, 200), (page, 200), (missing, 404)):
        assert response.status_code == status
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["content-length"] == str(len(INDEX))
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.content == b""
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.content == b""


async def test_a_page_is_revalidated_with_its_etag(web):
    first = await web.get("/cart")
    again = await web.get("/cart", headers={"If-None-Match": first.headers["etag"]})
    other_page = await web.get("/checkout", headers={"If-None-Match": first.headers["etag"]})
    missing = await web.get("/nope", headers={"If-None-Match": first.headers["etag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "no-cache"
    assert varies_by_encoding(again)
    # No policy of its own: the browser would add it to the cached page's, blocking its scripts.
    assert "content-security-policy" not in again.headers
    assert other_page.status_code == 304  # the same document
    assert_index(missing, 404)  # a 404 is never "not modified"


async def test_pages_are_sent_precompressed(web):
    response = await web.get("/login", headers={"Accept-Encoding": "gzip"})

    assert response.headers["content-encoding"] == "gzip"
    assert_index(response, 200)


async def test_a_new_build_is_served_without_a_restart(web, dist):
    (dist / "assets" / "app-fff999.js").write_bytes(b"// the next build\n")
    (dist / "index.html").write_bytes(b"<!doctype html><title>next build</title>\n")
    for sibling in ("index.html.br", "index.html.gz"):
        (dist / sibling).unlink()

    asset = await web.get("/assets/app-fff999.js")
    page = await web.get("/cart")

    assert asset.content == b"// the next build\n"
    assert page.content == b"<!doctype html><title>next build</title>\n"
    assert not varies_by_encoding(page)
