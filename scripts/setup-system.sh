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
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
