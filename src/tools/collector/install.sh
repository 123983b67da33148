#!/usr/bin/env bash
# Builds the OpenTelemetry Collector that the tests and the lab run (manifest.yaml beside this script: the ADOT Lambda
# layer's components at one release), with the OpenTelemetry Collector Builder from the Go module proxy, and prints
# the executable's path. The build is cached by the manifest's hash: a second run prints the path at once.
#
#   src/tools/collector/install.sh            # prints e.g. ~/.cache/traced-function/otelcol-1a2b3c4d/otelcol-lambdatrace
#
# Needs Go 1.25 or newer. TRACED_FUNCTION_TOOLS moves the cache (default ${XDG_CACHE_HOME:-~/.cache}/traced-function).
set -euo pipefail

# The builder's release must be the collector core's release the manifest names.
readonly BUILDER_VERSION=v0.159.0
here="$(cd "$(dirname "$0")" && pwd)"
manifest="$here/manifest.yaml"

if ! command -v go >/dev/null 2>&1; then
  echo "collector/install.sh: Go is needed to build the collector (https://go.dev/dl/, 1.25 or newer)" >&2
  exit 1
fi
stamp="$( (cat "$manifest"; echo "$BUILDER_VERSION") | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-12)"
cache="${TRACED_FUNCTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/traced-function}/otelcol-$stamp"
binary="$cache/otelcol-lambdatrace"

if [[ ! -x "$binary" ]]; then
  mkdir -p "$cache"
  # One installer at a time; flock is util-linux's (macOS has none, and then two runs at once build twice).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache.lock"
    flock 9
  fi
  if [[ ! -x "$binary" ]]; then
    echo "collector/install.sh: building the collector (builder $BUILDER_VERSION); a few minutes from cold" >&2
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    GOBIN="$work/bin" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION" >&2
    cp "$manifest" "$work/manifest.yaml"
    (cd "$work" && CGO_ENABLED=0 "$work/bin/builder" --config=manifest.yaml >"$work/build.log" 2>&1) || {
      tail -40 "$work/build.log" >&2
      echo "collector/install.sh: the build failed (see above)" >&2
      exit 1
    }
    mv "$work/otelcol-lambdatrace/otelcol-lambdatrace" "$binary.partial"
    mv "$binary.partial" "$binary"
  fi
fi
echo "$binary"
