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
# Two runs: everything but the system tests in parallel (pytest-xdist, one database and media folder per
# worker), then the system tests alone (they restart PostgreSQL under the other tests' feet otherwise).
# TDKT_TEST_WORKERS sets the parallelism (0 = one process). A --junitxml=F argument also writes F's
# serial twin (F with "-serial" before .xml).
WORKERS=${TDKT_TEST_WORKERS:-3}
serial_args=()
explicit_paths=0
for arg in "$@"; do
  case "$arg" in
    --junitxml=*) path=${arg#--junitxml=}; serial_args+=("--junitxml=${path%.xml}-serial.xml") ;;
    -*) serial_args+=("$arg") ;;
    *) serial_args+=("$arg"); explicit_paths=1 ;;
  esac
done
echo "==> Chạy kiểm thử / running tests (${DATABASE_URL:-SQLite}, $WORKERS workers)"
status=0
.venv/bin/python -m pytest -n "$WORKERS" --dist loadfile -m "not serial" "$@" || status=$?
echo "==> Kiểm thử hệ thống / system tests, one at a time"
serial_status=0
.venv/bin/python -m pytest -p no:xdist -m serial "${serial_args[@]}" || serial_status=$?
# Exit 5 = nothing collected: fine when the caller named paths without system tests, an error otherwise.
if [ "$serial_status" -eq 5 ] && [ "$explicit_paths" -eq 1 ]; then serial_status=0; fi
[ "$status" -ne 0 ] && exit "$status"
exit "$serial_status"
