from collections.abc import Iterator
from pathlib import Path

import pytest

from webshop.core.config import get_settings


@pytest.fixture
def shop_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder and SQLite database for a command, as a new user's shop."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("ADMIN_EMAIL", "boss@example.com")
    monkeypatch.setenv("ADMIN_USERNAME", "boss")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
