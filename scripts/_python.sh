# Sourced by the scripts: picks Python 3.11 and makes the project's virtualenv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PYTHON" -c 'import sys; assert sys.version_info[:2] >= (3, 11), "tdkt cần Python 3.11 trở lên / needs Python 3.11+"'
if [ ! -x .venv/bin/python ]; then
  echo "==> Tạo môi trường ảo .venv / creating virtualenv .venv"
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1

apt_install() {
  local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$@"
}

# LibreOffice renders the official documents (DOCX) to PDF; Liberation Serif stands in for Times New Roman.
ensure_libreoffice() {
  if ! command -v soffice >/dev/null 2>&1; then
    echo "==> Cài LibreOffice (Debian) để xuất PDF / installing Debian's LibreOffice Writer for PDF output"
    apt_install libreoffice-writer-nogui fonts-liberation
  fi
}
