#!/usr/bin/env bash
# Build the students' kernel environment: a venv from Debian's python3.11, world-readable,
# holding only hub_config/student-requirements*.txt (never reference/ or the grader).
# Usage: scripts/student_env.sh [--tf|--gpu|--hub|--instructor] [PREFIX]
#   (no flag)     the kernel env (also the grading sandbox's); PREFIX defaults to
#                 $DEEPMATH_STUDENT_ENV or /opt/deepmath/student-env
#   --tf          the kernel env plus tensorflow-cpu (student-requirements-tf.txt)
#   --gpu         the kernel env plus TensorFlow with CUDA (student-requirements-gpu.txt)
#   --hub         the hub's single-user server env (hub_config/hub-requirements.txt: JupyterLab,
#                 nbgrader extensions, jupyterhub-singleuser, idle culler), no kernel, world-readable;
#                 PREFIX defaults to /opt/deepmath/hub-env
#   --instructor  the hub env plus this repository's grader (`deepmath`), readable only by
#                 root and group $DEEPMATH_INSTRUCTOR_GROUP (default deepmath-instructors);
#                 PREFIX defaults to /opt/deepmath/instructor-env
# Idempotent: a stamp file records what was installed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
req="$here/hub_config/student-requirements.txt"
kind=kernel
case "${1:-}" in
  --tf) req="$here/hub_config/student-requirements-tf.txt"; shift ;;
  --gpu) req="$here/hub_config/student-requirements-gpu.txt"; shift ;;
  --hub) req="$here/hub_config/hub-requirements.txt"; kind=hub; shift ;;
  --instructor) req="$here/hub_config/hub-requirements.txt"; kind=instructor; shift ;;
esac
case $kind in
  kernel) prefix=${1:-${DEEPMATH_STUDENT_ENV:-/opt/deepmath/student-env}} ;;
  hub) prefix=${1:-/opt/deepmath/hub-env} ;;
  instructor) prefix=${1:-/opt/deepmath/instructor-env} ;;
esac
py=/usr/bin/python3.11
need_apt=()
command -v bwrap >/dev/null || need_apt+=(bubblewrap)
[ -x "$py" ] || need_apt+=(python3.11)
"$py" -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3.11-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
  else
    echo "deepmath: please install the Debian packages: ${need_apt[*]} (sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi
stamp="$prefix/.deepmath-stamp"
if [ $kind = kernel ]; then
  want=$(cat "$here"/hub_config/student-requirements*.txt "$req" | sha256sum | cut -c1-16)
elif [ $kind = hub ]; then
  want=$(cat "$req" | sha256sum | cut -c1-16)
else
  # The grader is installed as a copy (not editable): rebuild when its sources change.
  want=$( (cat "$req" "$here/pyproject.toml"
           find "$here/autograder" "$here/reference" -type f ! -path '*/__pycache__/*' \
             | LC_ALL=C sort | xargs cat
          ) | sha256sum | cut -c1-16)
fi
if [ -f "$stamp" ] && grep -qx "$want" "$stamp"; then exit 0; fi
mkdir -p "$prefix"
"$py" -m venv "$prefix"
"$prefix/bin/pip" install -q --upgrade pip
if [ $kind = instructor ]; then
  group=${DEEPMATH_INSTRUCTOR_GROUP:-deepmath-instructors}
  getent group "$group" >/dev/null || groupadd --system "$group"
  chown root:"$group" "$prefix"
  chmod 0750 "$prefix"   # before the grader (reference/) lands in it
  # Build the grader from a scratch copy: pip builds in-tree and would leave build/ behind.
  src=$(mktemp -d)
  trap 'rm -rf "$src"' EXIT
  cp -r "$here/pyproject.toml" "$here/autograder" "$here/reference" "$src/"
  [ -f "$here/README.md" ] && cp "$here/README.md" "$src/"
  "$prefix/bin/pip" install -q -r "$req" "$src" 2> >(grep -v -e '^WARNING: Location' >&2)
else
  "$prefix/bin/pip" install -q -r "$req"
fi
if [ $kind = kernel ]; then
  "$prefix/bin/python" -m ipykernel install --prefix "$prefix" --name python3 --display-name "Python 3 (deepmath)" >/dev/null
fi
echo "$want" > "$stamp"
if [ $kind = instructor ]; then
  chmod -R g+rX,o-rwx "$prefix"
  chgrp -R "$group" "$prefix"
else
  chmod -R a+rX "$prefix"
fi
echo "deepmath: $kind environment ready in $prefix"
