"""The structure the code keeps: one settings source, and dependencies that run one way."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "webshop"
# Where an app or a command starts: the only places that may read the settings themselves.
COMPOSITION_ROOTS = {"cli.py", "main.py", "migrations/env.py"}


def test_only_composition_roots_read_the_settings_themselves():
    """Everything else is handed the settings the app or the command was started with."""
    readers = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        if "get_settings" in names:
            readers.add(str(path.relative_to(PACKAGE)))

    assert readers <= COMPOSITION_ROOTS | {"core/config.py"}, readers - COMPOSITION_ROOTS


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=source.parent,
        env={**os.environ, "PYTHONPATH": str(source)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_import_against_the_layers_fails_the_lint(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(PACKAGE, source / "webshop", ignore=shutil.ignore_patterns("__pycache__"))
    assert lint_imports(source).returncode == 0

    catalog = source / "webshop" / "catalog" / "service.py"
    catalog.write_text(
        catalog.read_text() + "\nfrom webshop.orders import service as orders_service  # noqa\n"
    )
    broken = lint_imports(source)

    assert broken.returncode != 0
    assert "webshop.catalog is not allowed to import webshop.orders" in broken.stdout
