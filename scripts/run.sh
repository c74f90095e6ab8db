#!/usr/bin/env bash
# Install tdkt, migrate, load the demo data and serve it on http://127.0.0.1:8000 (gunicorn + whitenoise).
source "$(dirname "$0")/_python.sh"
ensure_libreoffice || echo "(!) Không cài được LibreOffice: văn bản vẫn tải được dạng DOCX, chưa có PDF."
echo "==> Cài đặt tdkt / installing"
.venv/bin/python -m pip install -q -e .
mkdir -p var
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s var/secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key
  SECRET_KEY=$(cat var/secret_key)
fi
# The audit chain's HMAC key, made once like the secret key; it must never be lost nor copied with the
# database's backups (docs/operations.md, "Checking the audit trail").
AUDIT_HMAC_KEY_FILE=${AUDIT_HMAC_KEY_FILE:-var/audit_hmac_key}
if [ ! -s "$AUDIT_HMAC_KEY_FILE" ]; then
  (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > "$AUDIT_HMAC_KEY_FILE")
fi
export AUDIT_HMAC_KEY_FILE
export SECRET_KEY DJANGO_SETTINGS_MODULE=config.settings.production
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
.venv/bin/tdkt migrate --noinput -v 0
.venv/bin/tdkt collectstatic --noinput -v 0
.venv/bin/tdkt demo
BIND=${BIND:-127.0.0.1:8000}
echo "==> tdkt đang chạy tại / running at http://${BIND}  (Ctrl+C để dừng / to stop)"
exec .venv/bin/gunicorn config.wsgi:application --bind "$BIND" --worker-class gthread --workers 2 --threads 4 \
  --access-logfile - --timeout 120
