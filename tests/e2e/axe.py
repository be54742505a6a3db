"""Accessibility checks with axe-core, the engine the frontend's own tests use.

axe-core comes from the frontend's devDependencies (`AXE_PATH` points elsewhere). Its source is
run with `page.evaluate`, which the page's Content-Security-Policy does not apply to;
`page.add_script_tag` would insert an inline script, which `script-src 'self'` blocks.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from playwright.async_api import Page

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_AXE_PATH = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
REPORTED_IMPACTS = ("serious", "critical")

RUN_AXE = """async (impacts) => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations
        .filter((violation) => impacts.includes(violation.impact))
        .map((violation) => ({
            id: violation.id,
            impact: violation.impact,
            help: violation.help,
            helpUrl: violation.helpUrl,
            targets: violation.nodes.map((node) => node.target.join(" ")),
        }));
}"""


@cache
def axe_source() -> str:
    path = Path(os.environ.get("AXE_PATH") or DEFAULT_AXE_PATH)
    if not path.is_file():
        raise FileNotFoundError(
            f"axe-core not found at {path}: run `npm install` in frontend/ "
            "(axe-core is one of its devDependencies) or set AXE_PATH to axe.min.js"
        )
    return path.read_text(encoding="utf-8")


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The page's serious and critical axe violations: id, impact, help, helpUrl, targets."""
    if not await page.evaluate("typeof window.axe === 'object'"):
        await page.evaluate(axe_source() + "\n;void 0")
    violations: list[dict[str, Any]] = await page.evaluate(RUN_AXE, list(REPORTED_IMPACTS))
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        lines.extend(f"    {target}" for target in violation["targets"][:10])
        if len(violation["targets"]) > 10:
            lines.append(f"    … and {len(violation['targets']) - 10} more")
    return "\n".join(lines)


async def assert_accessible(page: Page) -> None:
    """Fail with a readable list unless axe finds no serious or critical violation."""
    violations = await axe_violations(page)
    assert not violations, format_violations(violations)
