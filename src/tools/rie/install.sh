#!/usr/bin/env bash
# Installs AWS's Lambda Runtime Interface Emulator (the Runtime API that `sam local` runs) from the Go module proxy,
# and prints the executable's path. Cached by version: a second run prints the path at once.
#
#   src/tools/rie/install.sh                  # prints e.g. ~/.cache/traced-function/rie-bef5c4ba774d/aws-lambda-rie
#
# Needs Go 1.25 or newer. TRACED_FUNCTION_TOOLS moves the cache (default ${XDG_CACHE_HOME:-~/.cache}/traced-function).
set -euo pipefail

# RIE's tags are not semantic versions, so the proxy serves it only as this pseudo-version (commit bef5c4ba774d).
readonly RIE_VERSION=v0.0.0-20261030222936-bef5c4ba774d
readonly RIE_MODULE=github.com/aws/aws-lambda-runtime-interface-emulator

if ! command -v go >/dev/null 2>&1; then
  echo "rie/install.sh: Go is needed to install the emulator (https://go.dev/dl/, 1.25 or newer)" >&2
  exit 1
fi
cache="${TRACED_FUNCTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/traced-function}/rie-${RIE_VERSION##*-}"
binary="$cache/aws-lambda-rie"

if [[ ! -x "$binary" ]]; then
  mkdir -p "$cache"
  # One installer at a time; flock is util-linux's (macOS has none, and then two runs at once build twice).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache.lock"
    flock 9
  fi
  if [[ ! -x "$binary" ]]; then
    echo "rie/install.sh: installing $RIE_MODULE@$RIE_VERSION" >&2
    GOBIN="$cache" CGO_ENABLED=0 go install "$RIE_MODULE/cmd/aws-lambda-rie@$RIE_VERSION" >&2
  fi
fi
echo "$binary"
