"""Lighthouse scores of the storefront: the demo shop served by `webshop serve`, audited by
Lighthouse 12 (the frontend's devDependency) in the machine's Chromium, offline.

    .venv/bin/python bench/lighthouse.py [--data-dir DIR] [--keep-reports DIR]

It seeds a throw-away demo shop (`webshop seed`; or serves `--data-dir` as it is), starts
`webshop serve` on a free loopback port, audits the catalog (`/`) and a product page with
Lighthouse's default mobile profile (simulated slow 4G and a 4x slower CPU), prints the
performance, accessibility and best-practices scores and the initial JavaScript's gzipped size,
and stops the server by its PID. Targets: 95 for each score; initial JS at most 100 KB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
DIST = ROOT / "src" / "webshop" / "web" / "dist"
LIGHTHOUSE = FRONTEND / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGET_SCORE = 95
JS_BUDGET_BYTES = 100 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webshop(*args: str) -> list[str]:
    return [sys.executable, "-m", "webshop.cli", *args]


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"webshop serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"webshop serve did not become healthy within {timeout:.0f} s")


def initial_js_gzipped() -> int:
    """Gzipped bytes of the scripts index.html loads up front (the entry and what it imports)."""
    html = (DIST / "index.html").read_text()
    names = set(re.findall(r'(?:src|href)="/assets/([^"]+\.js)"', html))
    return sum(len(gzip.compress((DIST / "assets" / name).read_bytes(), 9)) for name in names)


def audit(url: str, report_dir: Path, name: str) -> dict[str, int]:
    report = report_dir / f"{name}.json"
    subprocess.run(  # noqa: S603 - the project's own Lighthouse
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    result = json.loads(report.read_text())
    return {key: round(result["categories"][key]["score"] * 100) for key in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="serve this shop instead of a new demo")
    parser.add_argument("--keep-reports", type=Path, help="keep the JSON reports here")
    args = parser.parse_args()
    for needed in (LIGHTHOUSE, DIST / "index.html", Path(CHROMIUM)):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `make test` first (it installs and builds)")

    work = Path(tempfile.mkdtemp(prefix="webshop-lighthouse-"))
    data_dir = args.data_dir or work / "shop"
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "SHOP_NAME": os.environ.get("SHOP_NAME", "Corner Shop"),
        "KAFKA_ENABLED": "false",
    }
    env.pop("DATABASE_URL", None)  # the shop in DATA_DIR
    process = None
    try:
        if args.data_dir is None:
            print("Seeding a demo shop (about a minute)...", flush=True)
            subprocess.run(webshop("seed"), env=env, cwd=work, check=True)  # noqa: S603
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with (work / "server.log").open("wb") as log:
            process = subprocess.Popen(  # noqa: S603
                webshop("serve", "--port", str(port)), env=env, cwd=work, stdout=log, stderr=log
            )
        wait_healthy(base, process)
        reports = args.keep_reports or work / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        print(f"load average {os.getloadavg()[0]:.1f}; Lighthouse (mobile profile) on {base}")
        failed = False
        for name, path in (("catalog", "/"), ("product", "/product/1")):
            print(f"  auditing {path} ...", flush=True)
            scores = audit(base + path, reports, name)
            verdict = "PASS" if min(scores.values()) >= TARGET_SCORE else "MISS"
            failed |= verdict == "MISS"
            figures = "  ".join(f"{key} {value:3d}" for key, value in scores.items())
            print(f"{path:<12} {figures}  {verdict} (target >= {TARGET_SCORE} each)")
        js = initial_js_gzipped()
        verdict = "PASS" if js <= JS_BUDGET_BYTES else "MISS"
        print(f"initial JS   {js / 1024:.1f} KB gzipped  {verdict} (budget 100 KB)")
        return 1 if failed or verdict == "MISS" else 0
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
