#!/usr/bin/env bash
# Install the test dependencies (Debian's chromium when missing) and run the whole suite.
# Extra arguments go to pytest. DATABASE_URL selects the database (default: SQLite).
source "$(dirname "$0")/_python.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Cài chromium (Debian) cho kiểm thử trình duyệt / installing Debian's chromium"
  apt_install chromium fonts-dejavu-core
fi
ensure_libreoffice
echo "==> Cài đặt phụ thuộc kiểm thử / installing test dependencies"
.venv/bin/python -m pip install -q -e ".[dev,e2e]"
echo "==> Kiểm tra mã / lint"
.venv/bin/ruff check .
.venv/bin/lint-imports
mkdir -p var
echo "==> Chạy kiểm thử / running tests (${DATABASE_URL:-SQLite})"
.venv/bin/python -m pytest "$@"
