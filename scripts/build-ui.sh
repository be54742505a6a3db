#!/bin/sh
# Build the web UI (frontend/) into src/webshop/web/dist, which `webshop serve` serves at /.
#
#   scripts/build-ui.sh          for `make run`: install and build what changed; without
#                                Node.js 18+ and npm, say so in one line and build nothing
#   scripts/build-ui.sh --check  for `make test`: the same, plus `npm run check` before the
#                                build; without Node.js 18+ and npm, fail
#
# Either way there is nothing to do while frontend/package.json does not exist.
set -eu
cd "$(dirname "$0")/.."

FRONTEND=frontend
DIST=src/webshop/web/dist
INSTALLED="$FRONTEND/node_modules/.package-lock.json"  # npm writes it on every install
check=false
[ "${1:-}" = "--check" ] && check=true

if [ ! -f "$FRONTEND/package.json" ]; then
    if $check; then echo "$FRONTEND/package.json not found: web UI checks skipped"; fi
    exit 0
fi

node_ok() {
    command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 &&
        node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'
}
if ! node_ok; then
    if $check; then
        echo "Node.js 18+ and npm not found: they are needed to test the web UI ($FRONTEND/)" >&2
        exit 1
    fi
    if [ -f "$DIST/index.html" ]; then
        echo "Node.js 18+ and npm not found: serving the web UI as last built" \
            "(install them to rebuild it)"
    else
        echo "Node.js 18+ and npm not found: serving the API without the web UI" \
            "(install them to build it)"
    fi
    exit 0
fi

# True when $1 is missing or any of the other existing paths holds a file newer than it.
outdated() {
    target=$1
    shift
    [ -e "$target" ] || return 0
    for source in "$@"; do
        [ -e "$source" ] || continue
        [ -n "$(find "$source" -newer "$target" -print 2>/dev/null | head -n 1)" ] && return 0
    done
    return 1
}

if outdated "$INSTALLED" "$FRONTEND/package-lock.json"; then
    (cd "$FRONTEND" && npm ci)
fi
if $check; then
    (cd "$FRONTEND" && npm run check)
fi
# tsconfig*.json and scripts/ (the compression step) shape the build as much as the sources.
if outdated "$DIST/index.html" "$FRONTEND/src" "$FRONTEND/public" "$FRONTEND/index.html" \
    "$FRONTEND/package.json" "$FRONTEND/vite.config.ts" "$FRONTEND/package-lock.json" \
    "$FRONTEND"/tsconfig*.json "$FRONTEND/scripts" "$INSTALLED"; then
    # A failed build must not look finished to the next run.
    (cd "$FRONTEND" && npm run build) || { rm -f "$DIST/index.html"; exit 1; }
fi
