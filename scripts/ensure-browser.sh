#!/usr/bin/env bash
# Makes sure the Chromium the browser tests drive is installed (Playwright's own download is
# never used: the machines reach package registries only).
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
    exit 0
fi
if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium not found: installing it with apt-get (for the browser tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x "$chromium" ] && exit 0
fi
echo "Chromium not found at $chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
