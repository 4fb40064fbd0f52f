#!/bin/sh
# Provisions the bearer token the kiosk's /metrics asks for (main/telemetry/metrics-token.ts): 43
# random URL-safe characters in a file only root can read. The unit hands systemd's copy to the
# kiosk (LoadCredential=metrics-token, KIOSK_METRICS_TOKEN_FILE), so a packaged kiosk's metrics are
# never open to the machine's other accounts. The fleet's collector on the kiosk is given read
# access to this file (an ACL, or a copy its own user owns). Run by the deb's postinst;
# KIOSK_CREDENTIALS_DIR moves it for tests. An existing token is kept: collectors use it.
set -eu
dir="${KIOSK_CREDENTIALS_DIR:-/etc/moi-kiosk/credentials}"
token="$dir/metrics-token"
umask 077
mkdir -p "$dir"
chown root:root "$dir"
chmod 0700 "$dir"
if [ -L "$token" ] || { [ -e "$token" ] && [ ! -f "$token" ]; }; then
  echo "moi-kiosk: $token is not a regular file; remove it and reinstall" >&2
  exit 1
fi
if [ ! -s "$token" ]; then
  # Written beside it and renamed, so a crash never leaves a short token in place.
  head -c 32 /dev/urandom | base64 | tr -d '=\n' | tr '+/' '-_' > "$token.new"
  sync "$token.new" 2>/dev/null || true
  mv "$token.new" "$token"
fi
chown root:root "$token"
chmod 0400 "$token"
