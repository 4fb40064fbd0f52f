#!/bin/sh
# Runs a command against a private pcscd: own mount and network namespaces, so its vpcd ports
# and /run/pcscd never meet the machine's pcscd (or parallel test runs). Needs root (unshare).
#
#   test/integration/card/isolated-pcscd.sh npx vitest run --project integration test/integration/card
#
# The private reader.conf.d has the standard vpcd pair (35963/35964) and the "Virtual PCD B" pair
# (35965/35966) loaded from a *copy* of libifdvpcd.so: vpcd keeps one static context per slot
# number, so two reader.conf entries sharing one .so file share (and garble) their sockets.
set -eu
if [ "$#" -eq 0 ]; then echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; fi
# The marker is an argument, not the environment, so a nested call gets namespaces of its own.
if [ "$1" != "--inside-namespace" ]; then
  exec unshare --mount --net --propagation private "$0" --inside-namespace "$@"
fi
shift
ip link set lo up
# vpcd writes each frame's 2-byte length and its payload in two send()s. Nagle holds the payload
# until the length is ACKed, and Linux delays that ACK by up to 40 ms: every APDU to a virtual
# card waited ~42 ms for nothing. This namespace's loopback ACKs at once (a real reader has no TCP).
for route in 127.0.0.1 127.0.0.0/8; do
  ip route change local "$route" dev lo proto kernel scope host src 127.0.0.1 table local quickack 1
done
work=$(mktemp -d /tmp/isolated-pcscd.XXXXXX)
mkdir -p "$work/conf" /run/pcscd
mount -t tmpfs tmpfs /run/pcscd
cp /usr/lib/pcsc/drivers/serial/libifdvpcd.so "$work/libifdvpcd-b.so"
printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x8C7B\n' >"$work/conf/vpcd"
printf 'FRIENDLYNAME "Virtual PCD B"\nDEVICENAME   /dev/null:0x8C7D\nLIBPATH      %s\nCHANNELID    0x8C7D\n' "$work/libifdvpcd-b.so" >"$work/conf/vpcd-kiosk-tests"
# Hide the machine's reader.conf.d (and its vpcd entries) from everything in this namespace.
mount --bind "$work/conf" /etc/reader.conf.d
/usr/sbin/pcscd --foreground >"$work/pcscd.log" 2>&1 &
pcscd_pid=$!
# Fault tests stop and restart this private pcscd; they find it through these.
export ISOLATED_PCSCD_PID="$pcscd_pid" ISOLATED_PCSCD_LOG="$work/pcscd.log"
cmd_pid=""
cleanup() {
  [ -n "$cmd_pid" ] && kill "$cmd_pid" 2>/dev/null || true
  # Whichever pcscd runs in this namespace now (a fault test may have restarted it) wrote this file.
  [ -f /run/pcscd/pcscd.pid ] && kill "$(cat /run/pcscd/pcscd.pid)" 2>/dev/null || true
  kill "$pcscd_pid" 2>/dev/null || true
  wait "$pcscd_pid" 2>/dev/null || true # reap it: this shell is its parent
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
i=0
until [ -S /run/pcscd/pcscd.comm ]; do
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then echo "private pcscd did not start; log: $(cat "$work/pcscd.log")" >&2; exit 1; fi
  sleep 0.1
done
# In the background so a signal to this script reaches the trap (and the cleanup) at once.
"$@" &
cmd_pid=$!
status=0
wait "$cmd_pid" || status=$?
cmd_pid=""
exit "$status"
