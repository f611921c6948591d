#!/usr/bin/env bash
# Resolves a requirements .in file into a pinned lock with hashes (pip-compile --generate-hashes)
# from PyPI, for the interpreter the images run: Debian bookworm's python3 (3.11.2). Markers such as
# python_full_version < "3.11.3" make a lock resolved under another 3.11 patch release wrong, so
# this runs pip-tools under the host's Debian /usr/bin/python3 and refuses any other version.
#   lib/lock.sh <requirements.in> <requirements.txt> <how to re-run, written in the header>
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../lib/common.sh
. "$HERE/../../lib/common.sh"
# shellcheck source=rootfs.sh
. "$HERE/rootfs.sh"
in=${1:?usage: lock.sh <in> <out> <command>} out=${2:?} how=${3:?}
IMAGE_PYTHON=3.11.2
py=/usr/bin/python3
[ -x "$py" ] || apt_install python3
"$py" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
have=$("$py" -c 'import platform; print(platform.python_version())')
[ "$have" = "$IMAGE_PYTHON" ] || die "locks are resolved with Debian bookworm's python3 $IMAGE_PYTHON (the images' Python); $py is $have"
tools=$E2E_CACHE/tools/piptools-debian-$IMAGE_PYTHON
[ -x "$tools/bin/pip-compile" ] || { "$py" -m venv "$tools" && PIP_FIND_LINKS= "$tools/bin/pip" install -q pip-tools; }
cd "$(dirname "$in")"
PIP_FIND_LINKS= PIP_CACHE_DIR=$E2E_CACHE/pip/cache CUSTOM_COMPILE_COMMAND=$how \
  "$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
  --no-emit-find-links --resolver=backtracking --output-file "$(basename "$out")" "$(basename "$in")"
log "wrote $out ($(grep -c '==' "$out") pinned packages, Python $have)"
