# The two commands of the README. Both work on a fresh Debian 12 machine with Python 3.11.
.PHONY: run test test-pg lint

run:  ## install, migrate, load demo data, serve on http://127.0.0.1:8000
	bash scripts/run.sh

test:  ## install test dependencies (incl. Debian chromium) and run every test on SQLite
	bash scripts/test.sh $(PYTEST_ARGS)

test-pg:  ## the same suite on the local PostgreSQL (what .ci/run does second)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/tdkt} bash scripts/test.sh $(PYTEST_ARGS)
