#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the kiosk and its tests need. Idempotent; needs root
# (or sudo). Each package is named with why it is here.
set -euo pipefail
packages=(
  pcscd libpcsclite-dev   # PC/SC daemon and headers (pcsclite npm module builds against them)
  vsmartcard-vpcd         # virtual card reader the card simulator plugs into
  pcsc-tools              # pcsc_scan, for technicians
  socat                   # pty pairs standing in for the printer and terminal serial cables
  chromium                # browser-host kiosk window and the end-to-end tests
  fonts-noto-core         # Arabic and Latin fonts for receipts rendered to raster
  poppler-utils           # pdftoppm, to look at receipt PDF copies
  python3 make g++        # node-gyp builds of better-sqlite3 and pcsclite
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A second pair of virtual readers ("Virtual PCD B 00 00" on 35965, "... 00 01" on 35966), so the
# end-to-end tests, the card integration tests and a developer's running kiosk each have a slot.
conf=/etc/reader.conf.d/vpcd-kiosk-tests
if [ ! -f "$conf" ]; then
  printf 'FRIENDLYNAME "Virtual PCD B"\nDEVICENAME   /dev/null:0x8C7D\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x8C7D\n' | $SUDO tee "$conf" >/dev/null
  # pcscd reads reader.conf.d only at start.
  if pgrep -x pcscd >/dev/null; then $SUDO pkill -x pcscd; sleep 1; $SUDO /usr/sbin/pcscd; fi
fi
