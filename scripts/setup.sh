#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs before `npm start` or `npm test`:
# system packages, node modules (from the lock file), and the PC/SC daemon running.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh

# Electron >= 45 fetches its binary on first use, never at install; the variable keeps older
# majors from failing the install where the download is blocked.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# pcscd is socket-activated by systemd on a normal install; containers and CI have no systemd.
if [ ! -S /run/pcscd/pcscd.comm ] && ! pgrep -x pcscd >/dev/null; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO /usr/sbin/pcscd
  for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
fi
