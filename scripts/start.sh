#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh native >&2
exec ./build/native/asyncplay demo "$@"
