"""The container files cannot be built here (no Docker engine), so their contract is checked."""

import json
import re
from pathlib import Path
from typing import Any

import yaml

from webshop.api.middleware import SECURITY_HEADERS
from webshop.core.config import Settings
from webshop.web.pages import is_page
from webshop.web.router import ADMIN_API_SEGMENTS, API_PREFIXES, CONTENT_SECURITY_POLICY

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
    proxied, admin = set(), set()
    for match, body in locations.items():
        if "proxy_pass ${WEBSHOP_BACKEND};" in body:
            assert "include /etc/nginx/snippets/proxy.conf;" in body
            prefixes = re.fullmatch(r"~ \^/(admin/)?\(([^)]+)\)\(/\|\$\)|= /(\S+)", match)
            assert prefixes, match
            segments = set((prefixes[2] or prefixes[3].replace("\\", "")).split("|"))
            (admin if prefixes[1] else proxied).update(segments)

    assert proxied == API_PREFIXES - {"health"}
    assert admin == ADMIN_API_SEGMENTS
    # nginx takes the first regular expression that matches: the API's before the pages'.
    order = list(locations)
    assert order.index("~ ^/admin/(audit|checks|outbox)(/|$)") < order.index(
        next(match for match in order if match.startswith('~ "'))
    )
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


WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def workflow() -> dict[str, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    loaded["on"] = loaded.pop(True, loaded.get("on"))  # YAML 1.1 reads the key `on` as true
    return loaded


def test_the_workflow_runs_the_spec_s_jobs_in_order():
    jobs = workflow()["jobs"]
    needs = {name: set(job.get("needs", [])) for name, job in jobs.items()}

    assert needs == {
        "test-backend": set(),
        "test-frontend": set(),
        "security-scan": set(),
        "test-containers": {"test-backend", "test-frontend"},
        "container-security": {"test-containers"},
        "build-and-push": {"test-containers", "container-security", "security-scan"},
        "deploy-staging": {"build-and-push"},
        "deploy-production": {"build-and-push"},
        "notify-deployment": {"deploy-staging", "deploy-production"},
    }
    assert jobs["deploy-staging"]["if"] == "github.ref == 'refs/heads/dev'"
    assert jobs["deploy-staging"]["environment"]["name"] == "staging"
    assert jobs["deploy-production"]["if"] == "github.ref == 'refs/heads/main'"
    assert jobs["deploy-production"]["environment"]["name"] == "production"
    assert jobs["build-and-push"]["permissions"]["packages"] == "write"


def test_the_workflow_runs_on_pushes_and_pull_requests_to_main_and_dev_and_by_hand():
    triggers = workflow()["on"]

    assert triggers["push"]["branches"] == ["main", "dev"]
    assert triggers["pull_request"]["branches"] == ["main", "dev"]
    assert "workflow_dispatch" in triggers


def steps_of(job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return steps


def commands_of(job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps_of(job))


def test_the_backend_job_runs_the_readme_s_test_command_on_both_pythons_with_postgres():
    job = workflow()["jobs"]["test-backend"]
    readme = (ROOT / "README.md").read_text()

    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12"]
    assert job["services"]["postgres"]["image"].startswith("postgres:15")
    assert "make test" in commands_of("test-backend")
    assert "```bash\nmake test\n```" in readme
    assert "coverage xml" in commands_of("test-backend")
    assert "coverage html" in commands_of("test-backend")
    uses = [step.get("uses", "") for step in steps_of("test-backend")]
    assert any(action.startswith("codecov/codecov-action@") for action in uses)


def test_the_frontend_job_runs_scripts_the_web_ui_has():
    scripts = json.loads((ROOT / "frontend" / "package.json").read_text())["scripts"]
    commands = [step["run"] for step in steps_of("test-frontend") if "run" in step]

    assert commands[0] == "npm ci"
    for command in commands[1:]:
        assert command.startswith("npm run ")
        assert command.removeprefix("npm run ") in scripts
    assert {"lint", "typecheck", "test:coverage"} <= {c.removeprefix("npm run ") for c in commands}
    assert '"lcov"' in (ROOT / "frontend" / "vite.config.ts").read_text()


def test_the_container_job_tests_the_images_it_hands_on():
    commands = commands_of("test-containers")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = workflow()["jobs"]["test-containers"]["env"]
    example = (ROOT / ".env.example").read_text()

    assert "docker compose up -d --no-build --wait" in commands
    for name, image in env.items():
        assert f"\n{name}=" in example
        assert image in commands  # saved for the next jobs
    assert compose["services"]["backend"]["image"] == "${WEBSHOP_IMAGE:-webshop:local}"
    assert (
        compose["services"]["frontend"]["image"]
        == "${WEBSHOP_FRONTEND_IMAGE:-webshop-frontend:local}"
    )
    assert "curl -fsS http://127.0.0.1/health" in commands  # the frontend's port 80
    assert "curl -fsS http://127.0.0.1:8000/health" in commands
    assert "8000:8000" in compose["services"]["backend"]["ports"]
    assert (ROOT / "tests" / "e2e" / "test_smoke.py").is_file()
    assert "tests/e2e/test_smoke.py" in commands


def test_every_script_the_workflow_runs_exists_and_deploys_what_the_manifests_define():
    text = WORKFLOW.read_text()
    for script in re.findall(r"\bscripts/[\w.-]+", text):
        assert (ROOT / script).is_file(), script
    deploy = (ROOT / "scripts" / "deploy.sh").read_text()
    manifests = {
        document["metadata"]["name"]: document
        for path in (ROOT / "deploy" / "kubernetes").glob("*.yaml")
        for document in yaml.safe_load_all(path.read_text())
        if document and document.get("kind") == "Deployment"
    }
    for deployment, container in re.findall(r"deployment/([\w-]+) (\w+)=", deploy):
        containers = manifests[deployment]["spec"]["template"]["spec"]["containers"]
        assert container in [each["name"] for each in containers], (deployment, container)
