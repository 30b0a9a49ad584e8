#!/bin/bash
# tsan.sh [BUILD_DIR] - build with ThreadSanitizer (-DONNXC_TSAN=ON, Debug;
# default <repo>/build-tsan) and run the concurrency test (8 threads x 50
# runs, sessions sharing one model).  TSan makes the test fail on any race
# it sees in onnxc (OpenBLAS is not instrumented).  Environment: JOBS.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-tsan}
JOBS=${JOBS:-2}

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DONNXC_TSAN=ON >/dev/null
make -C "$BUILD" -j"$JOBS" test_concurrency onnxc_cli >"$BUILD/make.log" 2>&1 ||
	{ tail -50 "$BUILD/make.log"; exit 1; }
cd "$BUILD"
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} \
	ctest --output-on-failure -R 'unit\.test_concurrency'
