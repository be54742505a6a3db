"""The build's files: cached by kind, sent precompressed when the client accepts it, and nothing
outside the build, hidden or listed."""

import gzip
import os

import pytest

from tests.web.conftest import APP_JS, FAVICON, INDEX, ROBOTS, SECRET, get_raw, get_verbatim
from webshop.api.middleware import API_POLICY

ASSET = "/assets/app-abc123.js"
IMMUTABLE = "public, max-age=31536000, immutable"
PLAIN = {"Accept-Encoding": "identity"}


async def test_an_asset_is_cached_for_good(web):
    response = await web.get(ASSET, headers=PLAIN)

    assert response.status_code == 200
    assert response.content == APP_JS
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["content-length"] == str(len(APP_JS))
    assert "Accept-Encoding" in response.headers["vary"]
    assert "content-encoding" not in response.headers
    assert response.headers["etag"]
    assert response.headers["last-modified"]
    assert response.headers["x-content-type-options"] == "nosniff"
    # Not the page's policy: the API's, which allows nothing to load.
    assert response.headers["content-security-policy"] == API_POLICY


@pytest.mark.parametrize(
    ("accept_encoding", "sent"),
    [
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("br;q=0.1, gzip;q=1", "br"),  # both are fine: the smaller one
        ("BR", "br"),
        ("*", "br"),
        ("gzip", "gzip"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("br;q=0, *", "gzip"),
        ("identity", None),
        ("deflate", None),
        ("", None),
        ("*;q=0", None),
        ("br;q=0, gzip;q=0", None),
        ("gzip;q=nonsense", None),
    ],
)
async def test_the_best_accepted_encoding_is_sent(web, dist, accept_encoding, sent):
    response, body = await get_raw(web, ASSET, **{"Accept-Encoding": accept_encoding})
    suffix = {"br": ".br", "gzip": ".gz", None: ""}[sent]

    assert response.status_code == 200
    assert response.headers.get("content-encoding") == sent
    assert body == (dist / "assets" / f"app-abc123.js{suffix}").read_bytes()
    assert response.headers["content-length"] == str(len(body))
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "Accept-Encoding" in response.headers["vary"]


async def test_what_is_sent_decodes_to_the_file(web):
    _, body = await get_raw(web, ASSET, **{"Accept-Encoding": "gzip"})
    decoded = await web.get(ASSET, headers={"Accept-Encoding": "gzip"})

    assert gzip.decompress(body) == APP_JS
    assert decoded.content == APP_JS


async def test_each_encoding_has_its_own_etag_and_is_revalidated(web):
    etags = {}
    for encoding in ("br", "gzip", "identity"):
        response = await web.get(ASSET, headers={"Accept-Encoding": encoding})
        etags[encoding] = response.headers["etag"]
    same = await web.get(ASSET, headers={**PLAIN, "If-None-Match": etags["identity"]})
    weak = await web.get(ASSET, headers={**PLAIN, "If-None-Match": f'"x", W/{etags["identity"]}'})
    other = await web.get(ASSET, headers={**PLAIN, "If-None-Match": etags["gzip"]})
    anything = await web.get(ASSET, headers={**PLAIN, "If-None-Match": "*"})

    assert len(set(etags.values())) == 3
    assert same.status_code == 304
    assert same.content == b""
    assert same.headers["etag"] == etags["identity"]
    assert same.headers["cache-control"] == IMMUTABLE
    assert "Accept-Encoding" in same.headers["vary"]
    assert weak.status_code == 304
    assert other.status_code == 200
    assert other.content == APP_JS
    assert anything.status_code == 304


@pytest.mark.parametrize(
    ("path", "content", "content_type"),
    [
        ("/favicon.svg", FAVICON, "image/svg+xml"),
        ("/robots.txt", ROBOTS, "text/plain; charset=utf-8"),
    ],
)
async def test_root_files_are_cached_for_an_hour(web, path, content, content_type):
    response = await web.get(path, headers={"Accept-Encoding": "br, gzip"})

    assert response.status_code == 200
    assert response.content == content
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert "content-encoding" not in response.headers  # no siblings: sent as it is
    assert "Accept-Encoding" not in response.headers.get("vary", "")


async def test_a_root_file_with_siblings_is_sent_compressed(web, dist):
    (dist / "manifest.webmanifest").write_bytes(b'{"name": "WebShop"}')
    (dist / "manifest.webmanifest.gz").write_bytes(gzip.compress(b'{"name": "WebShop"}'))

    response = await web.get("/manifest.webmanifest", headers={"Accept-Encoding": "gzip, br"})

    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "application/manifest+json"
    assert response.json() == {"name": "WebShop"}
    assert "Accept-Encoding" in response.headers["vary"]


@pytest.mark.parametrize("path", [f"{ASSET}.gz", f"{ASSET}.br", "/index.html.gz"])
async def test_compressed_siblings_are_not_files_of_their_own(web, path):
    response = await web.get(path)

    assert response.status_code == 404
    assert response.content == INDEX


async def test_hidden_files_are_never_sent_but_well_known_ones_are(web, dist):
    (dist / ".env").write_bytes(SECRET)
    (dist / "assets" / ".hidden.js").write_bytes(SECRET)
    (dist / ".well-known").mkdir()
    (dist / ".well-known" / "security.txt").write_bytes(b"Contact: mailto:security@example.com\n")

    for path in ("/.env", "/assets/.hidden.js", "/.well-known/"):
        response = await web.get(path)
        assert response.status_code == 404, path
        assert response.content == INDEX, path
    security = await web.get("/.well-known/security.txt")
    assert security.status_code == 200
    assert security.content.startswith(b"Contact:")


@pytest.mark.parametrize(
    "path",
    [
        "/assets/%2e%2e/%2e%2e/secret_key",
        "/%2e%2e/secret_key",
        "/assets/..%2f..%2fsecret_key",
        "/..%2fsecret_key",
        "/..%5csecret_key",
        "/assets/..%5c..%5csecret_key",
        "/%2fsecret_key",
        "/assets//../../secret_key",
        "/index.html%00.js",
        "/assets/app-abc123.js%00",
    ],
)
async def test_nothing_outside_the_build_is_reachable(web, path):
    response = await web.get(path)

    assert response.status_code == 404
    assert SECRET not in response.content
    assert response.content == INDEX


@pytest.mark.parametrize(
    "raw_path",
    [b"/assets/../../secret_key", b"/../secret_key", b"/assets/../assets/../../secret_key"],
)
async def test_dot_segments_sent_verbatim_reach_nothing_outside(web_app, raw_path):
    status, body = await get_verbatim(web_app, raw_path)

    assert status == 404
    assert SECRET not in body


async def test_a_symlink_out_of_the_build_is_not_followed(web, dist):
    os.symlink(dist.parent / "secret_key", dist / "leak.txt")
    os.symlink(dist.parent, dist / "parent")

    for path in ("/leak.txt", "/parent/secret_key"):
        response = await web.get(path)
        assert response.status_code == 404, path
        assert SECRET not in response.content


async def test_directories_are_never_listed(web, dist):
    (dist / "assets" / "fonts").mkdir()

    for path in ("/assets/", "/assets/fonts", "/assets/fonts/"):
        response = await web.get(path)
        assert response.status_code == 404, path
        assert response.content == INDEX, path
