#!/usr/bin/env bash
# Fetch axe-core (the accessibility engine the browser tests inject) from the npm registry and vendor it here.
# The tests never touch the network: axe.min.js is committed. Version pinned in package.json (devDependencies).
# Usage: tests/e2e/vendor/fetch_axe.sh   (needs npm; writes axe.min.js and the licences next to this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(node -p "require('$here/../../../package.json').devDependencies['axe-core']")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm install --no-save --no-audit --no-fund --ignore-scripts "axe-core@$version" >/dev/null)
pkg="$scratch/node_modules/axe-core"
cp "$pkg/axe.min.js" "$here/axe.min.js"
cp "$pkg/LICENSE" "$here/axe-core.LICENSE"
cp "$pkg/LICENSE-3RD-PARTY.txt" "$here/axe-core.LICENSE-3RD-PARTY.txt"
echo "axe-core $version → $here/axe.min.js ($(sha256sum "$here/axe.min.js" | cut -d' ' -f1))"
