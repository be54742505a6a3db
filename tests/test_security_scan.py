"""scripts/security_scan.py: a finding fails the run, an unreachable vulnerability source is
reported as not checked (never as a pass), and bandit holds the package to its rules."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("security_scan", ROOT / "scripts/security_scan.py")
assert spec is not None
assert spec.loader is not None
scan = importlib.util.module_from_spec(spec)
sys.modules["security_scan"] = scan  # its dataclasses look their module up
spec.loader.exec_module(scan)


def test_a_vulnerable_python_dependency_is_a_finding():
    outcome = scan.pip_audit_outcome(
        {
            "dependencies": [
                {
                    "name": "jinja2",
                    "version": "3.1.2",
                    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
                },
                {"name": "click", "version": "8.1.7", "vulns": []},
            ]
        }
    )

    assert outcome.problems == ["jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)"]


def test_python_dependencies_none_of_which_could_be_looked_up_are_not_checked():
    outcome = scan.pip_audit_outcome(
        {
            "dependencies": [
                {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}
                for name in ("click", "jinja2")
            ]
        }
    )

    assert outcome.problems == []
    assert outcome.unchecked.startswith("none of the 2 dependencies could be looked up")


def test_one_private_dependency_skipped_does_not_hide_the_others():
    outcome = scan.pip_audit_outcome(
        {
            "dependencies": [
                {"name": "ours", "skip_reason": "Dependency not found on PyPI"},
                {"name": "click", "version": "8.1.7", "vulns": []},
            ]
        }
    )

    assert outcome == scan.Outcome([])


def test_high_and_critical_npm_advisories_are_findings():
    outcome = scan.npm_audit_outcome(
        {
            "auditReportVersion": 2,
            "vulnerabilities": {
                "vite": {"severity": "high", "range": "<8.3.1"},
                "nanoid": {"severity": "moderate", "range": "<3.3.8"},
                "ws": {"severity": "critical", "range": "<8.17.1"},
            },
            "metadata": {"vulnerabilities": {"high": 1, "critical": 1, "moderate": 1}},
        }
    )

    assert outcome.problems == ["vite: high (<8.3.1)", "ws: critical (<8.17.1)"]


def test_an_npm_audit_endpoint_that_refuses_is_not_checked():
    outcome = scan.npm_audit_outcome(
        {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security"}
    )

    assert outcome.problems == []
    assert outcome.unchecked.startswith("405 Method Not Allowed")


def test_bandit_finds_what_the_package_must_not_do(tmp_path):
    (tmp_path / "bad.py").write_text(
        "import subprocess\n\n\ndef run(command):\n"
        "    return subprocess.call(command, shell=True)\n"
    )

    found = subprocess.run(
        [
            str(Path(sys.executable).parent / "bandit"),
            "-c",
            str(ROOT / "pyproject.toml"),
            "-q",
            "-r",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert found.returncode == 1
    assert "B602" in found.stdout
