#!/bin/bash
# ci_sanitize.sh [BUILD_DIR] - CI's second pass: the test suite once more,
# built with AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer
# included) in a separate Debug build (default: <repo>/build-sanitize).
#
# Runs every ctest test except the slowest end-to-end ones: -E '^e2e\.'
# (PyTorch exports and whole-model runs of tests/e2e.cmake; the main pass
# runs them).  Environment: JOBS (make/ctest -j, default 2).
# Exit status: that of the build or of ctest.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-sanitize}
JOBS=${JOBS:-2}

start=$(date +%s)
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DONNXC_SANITIZE=ON >/dev/null
make -C "$BUILD" -j"$JOBS" >"$BUILD/make.log" 2>&1 || { tail -50 "$BUILD/make.log"; exit 1; }
built=$(date +%s)
cd "$BUILD"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rc=0
ctest --output-on-failure -j"$JOBS" -E '^e2e\.' || rc=$?
end=$(date +%s)
echo "ci_sanitize: build $((built - start)) s, tests $((end - built)) s, exit $rc"
exit $rc
