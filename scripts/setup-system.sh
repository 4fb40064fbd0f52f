#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the kiosk and its tests need. Idempotent; needs root
# (or sudo). Each package is named with why it is here: this list is the only place a system
# package may come from (a fresh machine has nothing else), and the test setup checks against it.
# Fonts are not here on purpose: receipts use the Noto fonts shipped through npm (drivers/printer/fonts.ts).
#   scripts/setup-system.sh           install what is missing, add the second virtual reader pair
#   scripts/setup-system.sh --check   list what is missing and exit 1, install nothing
set -euo pipefail
packages=(
  pcscd libpcsclite-dev   # PC/SC daemon and headers (pcsclite npm module builds against them)
  vsmartcard-vpcd         # virtual card reader the card simulator plugs into
  pcsc-tools              # pcsc_scan, for technicians
  socat                   # pty pairs standing in for the printer and terminal serial cables
  chromium                # browser-host kiosk window and the end-to-end tests
  poppler-utils           # pdftoppm, pdffonts, pdfinfo: tests read receipt PDF copies with an independent reader
  python3-pyscard         # independent PC/SC client (pyscard) the card tests read the virtual card with
  opensc                  # opensc-tool, a second independent PC/SC client for the Belgian eID layout
  nginx-light             # a real static web server the configuration tests serve the signed TUF repository from (own config, free port)
  prometheus              # a real Prometheus server the telemetry tests start (as nobody, own config) to scrape a kiosk
  libsystemd-dev          # sd-notify (READY/WATCHDOG to systemd) builds against libsystemd
  hunspell hunspell-ar    # npm run lint:arabic spell-checks every Arabic text with Debian's Arabic dictionary
  systemd                 # systemd-analyze verify checks the shipped unit (systemd does not run as init here)
  openssl                 # test certificates (a ministry CA, the gateway's and a kiosk's) for the gateway's mutual TLS tests
  python3 make g++        # node-gyp builds of better-sqlite3 and pcsclite; python3 also runs the sd_notify test supervisor
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${1:-}" = "--check" ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing system packages: ${missing[*]} (run scripts/setup-system.sh as root)"
    exit 1
  fi
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A second pair of virtual readers ("Virtual PCD B 00 00" on 35965, "... 00 01" on 35966), so the
# end-to-end tests, the card integration tests and a developer's running kiosk each have a slot.
# The vpcd driver keeps one static context per slot number for every reader.conf entry that loads
# the same library file, so the second entry must load its own copy of the library.
conf=/etc/reader.conf.d/vpcd-kiosk-tests
lib=/usr/local/lib/pcsc/libifdvpcd-b.so
want=$(printf 'FRIENDLYNAME "Virtual PCD B"\nDEVICENAME   /dev/null:0x8C7D\nLIBPATH      %s\nCHANNELID    0x8C7D\n' "$lib")
changed=0
if ! cmp -s /usr/lib/pcsc/drivers/serial/libifdvpcd.so "$lib"; then
  $SUDO install -D -m 0644 /usr/lib/pcsc/drivers/serial/libifdvpcd.so "$lib"
  changed=1
fi
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
  printf '%s\n' "$want" | $SUDO tee "$conf" >/dev/null
  changed=1
fi
# pcscd reads reader.conf.d only at start.
if [ "$changed" = 1 ] && pgrep -x pcscd >/dev/null; then
  echo "restarting pcscd to load the second virtual reader pair"
  $SUDO pkill -x pcscd
  for _ in $(seq 50); do pgrep -x pcscd >/dev/null || break; sleep 0.1; done
  $SUDO /usr/sbin/pcscd
fi
