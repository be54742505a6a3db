"""`/docs` needs nothing from the internet and runs under a strict Content-Security-Policy."""

import re

from webshop.api.docs import CONTENT_SECURITY_POLICY


async def test_docs_load_only_their_own_assets_and_run_no_inline_script(client):
    page = await client.get("/docs")

    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert not re.search(r"https?://", page.text)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.DOTALL)
    assert scripts
    assert all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assert "style=" not in page.text

    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page.text)
    for asset in assets:
        response = await client.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["x-content-type-options"] == "nosniff"
    start = await client.get("/docs/start/swagger-init.js")
    assert 'url: "/openapi.json"' in start.text
    assert (await client.get("/openapi.json")).status_code == 200


async def test_no_page_depends_on_a_cdn(client):
    for path in ("/redoc", "/docs/oauth2-redirect"):
        assert (await client.get(path)).status_code == 404
