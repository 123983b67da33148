#!/usr/bin/env bash
# Installs cfn-lint, AWS's CloudFormation/SAM linter, and aws-sam-translator, the SAM transform (which transform.py
# beside this file runs offline), at the versions and hashes of requirements.txt beside this file, into a virtual
# environment of its own, and prints the path of its cfn-lint executable on stdout (progress goes to stderr), so that
# a caller can run "$(src/tools/cfn-lint/install.sh)" deploy/template.yaml; the environment's python is beside it.
#
# Usage: install.sh [VENV_DIR]
#   VENV_DIR defaults to ${TRACED_FUNCTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/traced-function}/cfn-lint-<12 hex digits of the
#   SHA-256 of requirements.txt>, so that a changed requirements.txt gets a new environment.
# Environment: PYTHON, the interpreter to build the environment with (default python3; it must be 3.11 to 3.14,
#   not 3.14.1, which networkx 3.6.1 excludes).
#
# A second run finds the environment complete (a marker holding the requirements' hash) and only prints the path.
# Needs: bash, python3 with its venv module, sha256sum or shasum, and PyPI (only for the first run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
python="${PYTHON:-python3}"

log() {
  echo "cfn-lint/install.sh: $*" >&2
}

fail() {
  log "$*"
  exit 1
}

[[ $# -le 1 ]] || fail "usage: install.sh [VENV_DIR]"
[[ -f "$requirements" ]] || fail "no $requirements"

# GNU coreutils has sha256sum, macOS has shasum.
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1"
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1"
  else
    fail "neither sha256sum nor shasum is on PATH"
  fi
}

digest="$(sha256 "$requirements")"
digest="${digest%% *}"
short="${digest:0:12}"
venv="${1:-${TRACED_FUNCTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/traced-function}/cfn-lint-$short}"
cfn_lint="$venv/bin/cfn-lint"
marker="$venv/.traced-function-requirements-sha256"

if [[ -x "$cfn_lint" && -f "$marker" && "$(cat "$marker")" == "$digest" ]]; then
  echo "$cfn_lint"
  exit 0
fi

command -v "$python" >/dev/null 2>&1 || fail "$python is not on PATH (set PYTHON to a Python 3.11 to 3.14)"
"$python" - <<'EOF' || fail "$python is Python $("$python" -c 'import platform; print(platform.python_version())'), but requirements.txt needs 3.11 to 3.14 (not 3.14.1); set PYTHON to one"
import sys
version = sys.version_info[:3]
sys.exit(0 if (3, 11) <= version[:2] <= (3, 14) and version != (3, 14, 1) else 1)
EOF

log "creating $venv with $("$python" -c 'import sys; print(sys.executable)')"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv" >&2 || fail "could not create a virtual environment in $venv (is python3-venv installed?)"
log "installing requirements.txt (every file checked against its hash)"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --require-hashes \
  -r "$requirements" >&2 || fail "pip install --require-hashes -r $requirements failed"
[[ -x "$cfn_lint" ]] || fail "pip finished, but $cfn_lint is not there"
log "installed $("$cfn_lint" --version)"
echo "$digest" >"$marker"
echo "$cfn_lint"
