#!/usr/bin/env bash
# Writes the HTTP API events that AWS's own tool generates (aws-sam-cli's `sam local generate-event`) into
# src/testFixtures/events/, from a throwaway venv with the pinned aws-sam-cli. The tests read the committed files;
# run this to refresh them when the pin moves. Needs CPython 3.11 to 3.13 and PyPI; works offline from AWS.
set -euo pipefail

readonly SAM_CLI_VERSION=1.170.0
repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd)
events="${repo_root}/src/testFixtures/events"
venv=$(mktemp -d)
trap 'rm -rf -- "${venv}"' EXIT

"${PYTHON:-python3}" -m venv "${venv}"
"${venv}/bin/pip" install --quiet --disable-pip-version-check "aws-sam-cli==${SAM_CLI_VERSION}" >&2
sam() { SAM_CLI_TELEMETRY=0 "${venv}/bin/sam" "$@"; }
sam local generate-event apigateway http-api-proxy --method GET --path '' >"${events}/sam-http-api-get-root.json"
sam local generate-event apigateway http-api-proxy >"${events}/sam-http-api-default.json"
sam local generate-event apigateway http-api-proxy --method PROPFIND --path 'items/42' \
  >"${events}/sam-http-api-propfind.json"
echo "generate.sh: wrote ${events}/sam-*.json with aws-sam-cli ${SAM_CLI_VERSION}" >&2
