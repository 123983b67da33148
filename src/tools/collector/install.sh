#!/usr/bin/env bash
# Builds the OpenTelemetry Collector that the tests and the lab run (manifest.yaml beside this script: the ADOT Lambda
# layer's components at the layer's own release), with the OpenTelemetry Collector Builder of that release, and
# prints the executable's path. The build is cached by the hash of what goes into it: a second run prints the path at
# once.
#
#   src/tools/collector/install.sh            # prints e.g. ~/.cache/traced-function/otelcol-1a2b3c4d/otelcol-lambdatrace
#
# Every module both builds download is pinned by a go.sum here (builder/go.sum for the builder, go.sum for the
# collector): the v0.117.0 modules are missing from Go's checksum database (it answers 404), so the hashes this
# repository recorded are what the downloads are checked against, as requirements.txt's hashes are for pip.
# Needs Go 1.25 or newer. TRACED_FUNCTION_TOOLS moves the cache (default ${XDG_CACHE_HOME:-~/.cache}/traced-function).
set -euo pipefail

# The builder's release must be the collector core's release the manifest names (builder/go.mod requires it).
readonly BUILDER_VERSION=v0.117.0
here="$(cd "$(dirname "$0")" && pwd)"
manifest="$here/manifest.yaml"

if ! command -v go >/dev/null 2>&1; then
  echo "collector/install.sh: Go is needed to build the collector (https://go.dev/dl/, 1.25 or newer)" >&2
  exit 1
fi
stamp="$( (cat "$manifest" "$here/go.sum" "$here/builder/go.mod" "$here/builder/go.sum"; echo "$BUILDER_VERSION") \
  | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-12)"
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
    # GOFLAGS=-mod=readonly: a module whose hash is not in go.sum fails the build instead of being fetched unchecked.
    (cd "$here/builder" && GOFLAGS=-mod=readonly CGO_ENABLED=0 \
      go build -o "$work/bin/builder" go.opentelemetry.io/collector/cmd/builder) >&2
    cp "$manifest" "$work/manifest.yaml"
    mkdir -p "$work/otelcol-lambdatrace"
    cp "$here/go.sum" "$work/otelcol-lambdatrace/go.sum"
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
