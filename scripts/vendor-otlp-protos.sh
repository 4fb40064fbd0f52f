#!/usr/bin/env bash
# Copies the official OpenTelemetry protocol definitions (opentelemetry-proto) into
# test/fixtures/opentelemetry-proto/, from the last npm package of the OpenTelemetry JS project
# that ships them as .proto files (@opentelemetry/otlp-grpc-exporter-base 0.38.0, Apache-2.0;
# later versions ship generated code only). Tests decode what the kiosk sends to a collector with
# these, not with a parser of our own. Run again only to refresh them.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=@opentelemetry/otlp-grpc-exporter-base@0.38.0
dest=test/fixtures/opentelemetry-proto
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz)
rm -rf "$dest"
mkdir -p "$dest"
cp -r "$tmp/package/build/protos/opentelemetry" "$dest/"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
printf 'The OpenTelemetry protocol definitions (opentelemetry-proto), as shipped in %s\n(build/protos). Apache License 2.0, see LICENSE. Refresh with scripts/vendor-otlp-protos.sh.\n' "$pkg" > "$dest/ORIGIN"
echo "vendored $(find "$dest" -name '*.proto' | wc -l) .proto files into $dest"
