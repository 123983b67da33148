#!/usr/bin/env bash
# install.sh [TARGET_DIR]: build the seed contestants' virtual environment.
#
# Creates a venv (default: target/lab/seed-venv under the repository root) with
# `python3 -m venv`, installs requirements.txt into it with --require-hashes (wheels
# only), and prints the venv's python path on stdout. Progress goes to stderr.
# A stamp in the venv records the hash of requirements.txt and of the interpreter; when
# both match, nothing is installed and the script returns at once. When they differ,
# the venv is rebuilt from scratch, so no package of an older pin set survives.
#
# Environment: PYTHON (default python3) is the interpreter the venv is made from; it must
# be CPython 3.11, 3.12 or 3.13: requirements.txt was compiled on 3.11, and every pin has a
# wheel for the other two (.ci/run installs it with each of them the machine has).
set -euo pipefail

log() { echo "install.sh: $*" >&2; }
die() {
    log "$*"
    exit 1
}

seed_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "${seed_dir}/../../.." && pwd)
requirements="${seed_dir}/requirements.txt"
target="${1:-${repo_root}/target/lab/seed-venv}"
python="${PYTHON:-python3}"

[ -f "${requirements}" ] || die "missing ${requirements}"
command -v "${python}" >/dev/null || die "no ${python} on PATH"

py_version=$("${python}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case "${py_version}" in
    3.11 | 3.12 | 3.13) ;;
    *) die "${python} is Python ${py_version}; the pins in requirements.txt install on CPython 3.11, 3.12 and 3.13" ;;
esac

mkdir -p -- "$(dirname -- "${target}")"
target=$(cd -- "$(dirname -- "${target}")" && pwd)/$(basename -- "${target}")
venv_python="${target}/bin/python"
stamp="${target}/.seed-requirements.sha256"

# One installer at a time per target (the lab may start contestants in parallel).
if command -v flock >/dev/null; then
    exec 9>"${target}.lock"
    flock 9
fi

want=$(
    {
        { sha256sum 2>/dev/null || shasum -a 256; } <"${requirements}"
        "${python}" -c 'import sys; print(sys.version)'
    } | { sha256sum 2>/dev/null || shasum -a 256; } | cut -d' ' -f1
)

if [ -x "${venv_python}" ] && [ -f "${stamp}" ] && [ "$(cat -- "${stamp}")" = "${want}" ]; then
    log "up to date: ${target}"
    echo "${venv_python}"
    exit 0
fi

if [ -e "${target}" ]; then
    # Only ever delete something that is a venv (or an empty directory).
    if [ -f "${target}/pyvenv.cfg" ] || [ -z "$(ls -A -- "${target}" 2>/dev/null)" ]; then
        log "requirements changed or install incomplete: rebuilding ${target}"
        rm -rf -- "${target}"
    else
        die "${target} exists and is not a virtual environment; refusing to replace it"
    fi
fi

start=${SECONDS}
log "creating ${target} with $("${python}" --version 2>&1)"
"${python}" -m venv -- "${target}" >&2

log "installing $(grep -c '^[A-Za-z0-9]' "${requirements}") pinned packages (hash-checked, wheels only)"
PIP_DISABLE_PIP_VERSION_CHECK=1 "${venv_python}" -m pip install \
    --no-input --quiet --require-hashes --only-binary=:all: \
    -r "${requirements}" >&2
"${venv_python}" -m pip check >&2
# What the seed's launcher and wrapper import: a wheel that installs but cannot load fails here, not in the lab.
"${venv_python}" -c 'import awslambdaric, opentelemetry.sdk.trace, amazon.opentelemetry.distro' >&2

echo "${want}" >"${stamp}"
log "done in $((SECONDS - start)) s: ${target}"
echo "${venv_python}"
