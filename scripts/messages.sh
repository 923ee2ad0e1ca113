#!/usr/bin/env bash
# Extract translatable strings of every app (or the apps named) into <app>/locale/zh_Hans/LC_MESSAGES/django.po.
# Source strings are English; the Chinese translations are filled in the .po files by hand.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PYTHONPATH="$root" DJANGO_SETTINGS_MODULE=yishi.settings
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(audit places people accounts matters deliberation decisions implementation evaluation elections disclosure web)
for app in "${apps[@]}"; do
  (cd "$root/yishi/$app" && mkdir -p locale && "$root/.venv/bin/django-admin" makemessages -l zh_Hans --no-obsolete --no-location -i 'domain/*' >/dev/null)
done
(cd "$root/yishi" && mkdir -p locale && "$root/.venv/bin/django-admin" makemessages -l zh_Hans --no-obsolete --no-location \
  -i 'audit/*' -i 'places/*' -i 'people/*' -i 'accounts/*' -i 'matters/*' -i 'deliberation/*' -i 'decisions/*' \
  -i 'implementation/*' -i 'evaluation/*' -i 'elections/*' -i 'disclosure/*' -i 'web/*' >/dev/null)
echo "Updated .po files; fill the empty msgstr entries, then run: make messages-compile"
