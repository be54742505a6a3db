"""The container files cannot be built here (no Docker engine), so their contract is checked."""

import re
from pathlib import Path

import yaml

from webshop.api.middleware import SECURITY_HEADERS
from webshop.core.config import Settings
from webshop.web.pages import is_page
from webshop.web.router import API_PREFIXES, CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[1]


def test_compose_backend_uses_real_settings_and_checks_health():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    backend = compose["services"]["backend"]

    assert set(backend["environment"]) <= set(Settings.model_fields)
    assert backend["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "/health" in " ".join(backend["healthcheck"]["test"])
    assert backend["depends_on"]["db"]["condition"] == "service_healthy"


def test_dockerfile_runs_the_locked_package_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "uv sync --locked --no-dev" in dockerfile
    assert "USER 10001" in dockerfile
    assert 'CMD ["webshop", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert "DATA_DIR=/data" in dockerfile


def test_the_backend_image_builds_the_web_ui_it_serves():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "FROM node:20-slim AS ui" in dockerfile
    assert "npm ci" in dockerfile
    assert "COPY --from=ui /app/src/webshop/web/dist ./src/webshop/web/dist" in dockerfile
    # Before the package is installed, which puts the build in the wheel.
    assert dockerfile.index("COPY --from=ui") < dockerfile.index("--no-editable")
    assert "src/webshop/web/dist" in (ROOT / ".dockerignore").read_text().split()


NGINX = ROOT / "frontend" / "nginx"


def test_the_frontend_image_serves_the_spa_from_nginx_as_a_non_root_user():
    dockerfile = (ROOT / "frontend" / "Dockerfile").read_text()
    stages = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("FROM ")]

    assert stages[0].startswith("node:")
    assert stages[-1].startswith("nginxinc/nginx-unprivileged:")
    assert "USER 101" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert "http://127.0.0.1:8080/health" in dockerfile
    for copied in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.MULTILINE):
        for source in copied.split():
            assert (ROOT / "frontend" / source).exists() or source == ".", source
    assert "node_modules" in (ROOT / "frontend" / ".dockerignore").read_text().split()


def nginx_locations() -> dict[str, str]:
    """Each `location` of the template: its match, and its block's text."""
    template = (NGINX / "default.conf.template").read_text()
    return dict(re.findall(r"location (.+?) \{\n(.*?)\n    \}", template, re.S))


def test_nginx_proxies_exactly_the_api_and_answers_its_own_health():
    locations = nginx_locations()
    proxied = set()
    for match, body in locations.items():
        if "proxy_pass ${WEBSHOP_BACKEND};" in body:
            assert "include /etc/nginx/snippets/proxy.conf;" in body
            prefixes = re.fullmatch(r"~ \^/\(([^)]+)\)\(/\|\$\)|= /(\S+)", match)
            assert prefixes, match
            proxied |= set((prefixes[1] or prefixes[2].replace("\\", "")).split("|"))

    assert proxied == API_PREFIXES - {"health"}
    assert '{"status":"ok"}' in locations["= /health"]


def test_nginx_answers_the_app_s_pages_as_the_backend_does():
    locations = nginx_locations()
    page_match = next(match for match in locations if match.startswith('~ "'))
    page = re.compile(page_match.removeprefix('~ "').removesuffix('"'))
    paths = ["/", "/cart", "/cart/", "/login", "/register", "/checkout", "/checkout/done/3"]
    paths += ["/account/orders", "/admin", "/admin/products/7/edit", "/product/12"]
    paths += ["/product/0", "/product/abc", "/products", "/nope", "/cartx", "/admin-x"]

    for path in paths:
        assert (page.search(path) is not None) == is_page(path), path
    assert "try_files /index.html =404;" in locations[page_match]
    assert "error_page 404 /index.html;" in locations["/"]
    assert "immutable" in locations["/assets/"]


def test_nginx_sends_the_backend_s_security_headers():
    headers = dict(
        re.findall(r'^add_header (\S+) "(.+)" always;$', (NGINX / "headers.conf").read_text(), re.M)
    )
    page = (NGINX / "page.conf").read_text()

    assert {name.lower(): value for name, value in headers.items()} == {
        name.decode(): value.decode() for name, value in SECURITY_HEADERS
    }
    assert f'add_header Content-Security-Policy "{CONTENT_SECURITY_POLICY}" always;' in page
    assert "include /etc/nginx/snippets/headers.conf;" in page


def test_compose_serves_the_frontend_on_port_80_once_the_backend_is_healthy():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    frontend = compose["services"]["frontend"]
    backend = compose["services"]["backend"]

    assert frontend["build"] == "./frontend"
    assert frontend["ports"] == ["80:8080"]
    assert frontend["depends_on"]["backend"]["condition"] == "service_healthy"
    assert "/health" in " ".join(frontend["healthcheck"]["test"])
    assert frontend["environment"]["WEBSHOP_BACKEND"] == "http://backend:8000"
    # The backend believes the proxy's X-Forwarded-For: the proxy's network is trusted.
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert backend["environment"]["TRUSTED_PROXIES"] == f"${{TRUSTED_PROXIES:-{subnet}}}"


def test_every_variable_compose_reads_from_env_is_documented():
    example = (ROOT / ".env.example").read_text()
    for name in ("docker-compose.yml", "docker-compose.kafka.yml"):
        for variable in re.findall(r"\$\{(\w+)", (ROOT / name).read_text()):
            assert f"\n{variable}=" in example, (name, variable)
