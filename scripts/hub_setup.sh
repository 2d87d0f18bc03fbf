#!/usr/bin/env bash
# Install what the local hub needs, as root, idempotently (each step is stamped):
#   - the students' environments, each both a kernel on the hub and the grading sandbox of
#     the assignments that declare it: base (scripts/student_env.sh, no args) and tf (--tf),
#   - the single-user servers' env (--hub) and the instructors' env with the grader (--instructor),
#   - TensorFlow with CUDA (--gpu) if nvidia-smi sees a GPU,
#   - with --test: Chromium from Debian for the browser test (never a downloaded browser).
# Usage: scripts/hub_setup.sh [--test]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
  if [ "${1:-}" = "--test" ]; then
    echo "deepmath: not root: the hub tests will be skipped (they create Unix accounts)" >&2
    exit 0
  fi
  echo "deepmath: scripts/hub_setup.sh needs root (it installs under /opt and apt packages)" >&2
  exit 1
fi
export DEEPMATH_INSTRUCTOR_GROUP=${DEEPMATH_INSTRUCTOR_GROUP:-${DEEPMATH_HUB_GROUP_PREFIX:-deepmath}-instructors}
"$here/scripts/student_env.sh"
"$here/scripts/student_env.sh" --hub "${DEEPMATH_HUB_ENV:-/opt/deepmath/hub-env}"
"$here/scripts/student_env.sh" --instructor "${DEEPMATH_INSTRUCTOR_ENV:-/opt/deepmath/instructor-env}"
"$here/scripts/student_env.sh" --tf "${DEEPMATH_STUDENT_ENV:-/opt/deepmath/student-env}-tf"
if command -v nvidia-smi >/dev/null && nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then
  "$here/scripts/student_env.sh" --gpu "${DEEPMATH_HUB_GPU_ENV:-/opt/deepmath/student-env-gpu}"
fi
if [ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
