#!/bin/sh
# deb postinst (electron-builder deb.afterInstall): the kiosk's service user and systemd unit.
set -e
if ! getent passwd kiosk >/dev/null; then
  useradd --system --home-dir /var/lib/moi-kiosk --shell /usr/sbin/nologin --groups video,audio,dialout,plugdev kiosk || true
fi
# The payload key the unit passes as a systemd credential (no keyring on an unattended kiosk).
sh "/opt/MOI Kiosk/resources/systemd/provision-payload-key.sh"
# The bearer token /metrics asks for, passed the same way.
sh "/opt/MOI Kiosk/resources/systemd/provision-metrics-token.sh"
install -m 0644 "/opt/MOI Kiosk/resources/systemd/moi-kiosk.service" /lib/systemd/system/moi-kiosk.service
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  systemctl enable moi-kiosk.service || true
fi
