#!/bin/sh
# Provisions the kiosk's payload key credential (main/electron/keystore.ts): 32 random bytes in a
# file only root can read. The unit hands systemd's copy to the kiosk (LoadCredential=payload-key),
# so the kiosk account never reads this file and no desktop keyring is needed. Run by the deb's
# postinst; KIOSK_CREDENTIALS_DIR moves it for tests.
# An existing key is kept, never replaced: it seals the key that decrypts the kiosk's queue of paid
# requests, and a new one would make them unreadable. One that is not 32 bytes stops the install.
set -eu
dir="${KIOSK_CREDENTIALS_DIR:-/etc/moi-kiosk/credentials}"
key="$dir/payload-key"
umask 077
mkdir -p "$dir"
chown root:root "$dir"
chmod 0700 "$dir"
if [ -L "$key" ] || { [ -e "$key" ] && [ ! -f "$key" ]; }; then
  echo "moi-kiosk: $key is not a regular file; remove it and reinstall" >&2
  exit 1
fi
if [ ! -e "$key" ]; then
  # Written beside it and renamed, so a crash never leaves a short key in place.
  head -c 32 /dev/urandom > "$key.new"
  sync "$key.new" 2>/dev/null || true
  mv "$key.new" "$key"
fi
size=$(wc -c < "$key")
if [ "$size" -ne 32 ]; then
  echo "moi-kiosk: $key holds $size bytes, expected 32; the kiosk would refuse it (not replaced: it may seal queued requests)" >&2
  exit 1
fi
chown root:root "$key"
chmod 0400 "$key"
