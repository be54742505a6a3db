"""The container files cannot be built here (no Docker engine), so their contract is checked."""

from pathlib import Path

import yaml

from webshop.core.config import Settings

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
