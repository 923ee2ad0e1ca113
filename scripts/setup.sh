#!/usr/bin/env bash
# Set up a machine for Yishi: system packages (as root, through apt), a virtualenv with the locked
# dependencies, local settings, compiled translations and migrations. Safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

packages=(chromium fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b)
# Debian's python3 makes virtualenvs only with python3-venv (ensurepip) installed.
[ -x .venv/bin/python ] || [ -n "${PYTHON:-}" ] || packages+=(python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages first: ${missing[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if ! cmp -s requirements.lock .venv/.installed-lock 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.lock
  cp requirements.lock .venv/.installed-lock
fi

mkdir -p var
if [ ! -f var/local.env ]; then
  # Local settings of this machine: a development secret made once, so encrypted demo data stays readable.
  printf 'DEBUG=true\nSECRET_KEY=%s\n' "$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')" > var/local.env
fi

.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules >/dev/null
.venv/bin/python manage.py migrate --no-input >/dev/null
echo "Set up: .venv ready, database migrated."
