"""Security scanning, part of `make test` (`make security`):

1. bandit over the package (settings in pyproject.toml's [tool.bandit]);
2. pip-audit over the locked Python dependencies (uv.lock, exported pinned);
3. npm audit --audit-level=high over the web UI's (frontend/package-lock.json).

A finding fails the run. A scanner whose vulnerability data cannot be reached (no network,
a registry mirror without the audit API) prints a loud NOT CHECKED banner and the others still
run: an unreachable source is not a pass, and it is not a reason to stop the tests either.

    .venv/bin/python scripts/security_scan.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
UV = ROOT / ".tools" / "bin" / "uv"
FRONTEND = ROOT / "frontend"
# uv.lock's packages, pinned, as a requirements file; pip-audit reading one without pip.
LOCKED_REQUIREMENTS = (
    *("export", "--locked", "--format", "requirements-txt"),
    *("--no-hashes", "--no-emit-project", "--quiet"),
)
PIP_AUDIT = ("--no-deps", "--disable-pip", "--progress-spinner", "off", "--format", "json")


@dataclass(frozen=True)
class Outcome:
    """What one scanner found: `problems` (each a line to show) or, with `unchecked`, why its
    data could not be had."""

    problems: list[str]
    unchecked: str = ""


def pip_audit_outcome(report: dict[str, Any]) -> Outcome:
    """From pip-audit's JSON report. When no dependency could be looked up, the service was not
    reached (pip-audit itself then says "no known vulnerabilities")."""
    dependencies = report.get("dependencies", [])
    problems = [
        f"{dependency['name']} {dependency.get('version', '')}: {vuln['id']}"
        + (f" (fixed in {', '.join(vuln['fix_versions'])})" if vuln.get("fix_versions") else "")
        for dependency in dependencies
        for vuln in dependency.get("vulns", [])
    ]
    skipped = [dependency for dependency in dependencies if dependency.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        return Outcome(
            problems,
            f"none of the {len(dependencies)} dependencies could be looked up "
            f"({skipped[0]['skip_reason']})",
        )
    return Outcome(problems)


def npm_audit_outcome(report: dict[str, Any]) -> Outcome:
    """From `npm audit --json`: high and critical advisories are findings; an error answer
    (the audit endpoint refused or unreachable) means nothing was checked."""
    if "metadata" not in report:
        reason = report.get("message") or report.get("error", {}).get("summary") or "no report"
        return Outcome([], str(reason))
    problems = [
        f"{name}: {advisory.get('severity')} ({advisory.get('range', '')})"
        for name, advisory in sorted(report.get("vulnerabilities", {}).items())
        if advisory.get("severity") in {"high", "critical"}
    ]
    return Outcome(problems)


def run(command: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`command` with its output captured as text, whatever its exit status."""
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603 - our own tools


def last_line(text: str) -> str:
    return (text.strip().splitlines() or ["no output"])[-1]


def run_bandit() -> Outcome:
    result = run([str(BIN / "bandit"), "-c", "pyproject.toml", "-r", "src/webshop", "-q"])
    if result.returncode == 0:
        return Outcome([])
    return Outcome([line for line in result.stdout.splitlines() if line.strip()])


def run_pip_audit() -> Outcome:
    with tempfile.TemporaryDirectory() as scratch:
        requirements = Path(scratch) / "requirements.txt"
        report = Path(scratch) / "report.json"
        exported = run([str(UV), *LOCKED_REQUIREMENTS, "--output-file", str(requirements)])
        if exported.returncode != 0:
            return Outcome([f"uv export failed: {exported.stderr.strip()}"])
        audited = run(
            [str(BIN / "pip-audit"), *PIP_AUDIT, "-r", str(requirements), "-o", str(report)]
        )
        if not report.exists() or not report.read_text().strip():
            return Outcome([], last_line(audited.stderr))
        return pip_audit_outcome(json.loads(report.read_text()))


def run_npm_audit() -> Outcome:
    try:
        audited = run(["npm", "audit", "--audit-level=high", "--json"], FRONTEND)
    except FileNotFoundError:
        return Outcome([], "npm is not installed")
    try:
        report = json.loads(audited.stdout or "{}")
    except json.JSONDecodeError:
        return Outcome([], last_line(audited.stderr))
    return npm_audit_outcome(report)


SCANNERS = (
    ("bandit (the package's code)", run_bandit),
    ("pip-audit (uv.lock)", run_pip_audit),
    ("npm audit --audit-level=high (frontend/package-lock.json)", run_npm_audit),
)


def main() -> int:
    failed = False
    for number, (name, scan) in enumerate(SCANNERS, start=1):
        print(f"== security [{number}/{len(SCANNERS)}] {name}", flush=True)
        outcome = scan()
        for problem in outcome.problems:
            print(f"   FOUND: {problem}")
        if outcome.problems:
            failed = True
        elif outcome.unchecked:
            banner = "!" * 78
            print(f"{banner}\n!!! NOT CHECKED: {name}\n!!! {outcome.unchecked}\n{banner}")
        else:
            print("   nothing found")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
