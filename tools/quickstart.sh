#!/bin/sh
# quickstart.sh - install what is missing, build, then run the bundled model
# (`demo`, the default) or every test (`test`).  For a fresh Debian 12
# machine, as root.  .ci/run runs `tools/quickstart.sh test`.
#
# `test` runs, and fails on the first failing pass: ctest on the Release
# build; ctest again on an ASan+UBSan Debug build (tools/ci_sanitize.sh,
# build-sanitize/); each libFuzzer target for FUZZ_SECONDS (default 60;
# tools/fuzz.sh, build-fuzz/); the concurrency test under ThreadSanitizer
# (tools/tsan.sh, build-tsan/).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-demo}
case "$mode" in
demo|test) ;;
*) echo "usage: tools/quickstart.sh [demo|test]" >&2; exit 2 ;;
esac

pkgs="cmake make gcc pkg-config libprotobuf-c-dev protobuf-c-compiler libopenblas-dev check libonnx-dev"
if [ "$mode" = test ]; then
	# test data, PyTorch for reference outputs, Graphviz for the dot dumps
	# clang and its sanitizer/libFuzzer runtime for the hardening passes
	pkgs="$pkgs libonnx-testdata python3-torch python3-torchvision python3-onnx python3-numpy graphviz"
	pkgs="$pkgs clang libclang-rt-14-dev"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DONNXC_WERROR=ON >/dev/null
cmake --build build -j"$jobs"

if [ "$mode" = demo ]; then
	build/tools/onnxc run tests/models/fcn_small.onnx --input tests/models/fcn_small_input.npy --plan-stats
	exit 0
fi
# 1. every test, Release build
(cd build && ctest --output-on-failure -j"$jobs")
# 2. hardening (each fails the run on any finding):
#    the suite again under ASan + UBSan (LeakSanitizer included),
#    each libFuzzer target briefly, the concurrency test under TSan.
JOBS=$jobs tools/ci_sanitize.sh
# a fixed libFuzzer seed, so a CI failure can be replayed (FUZZ_ARGS overrides)
FUZZ_JOBS=$jobs FUZZ_ARGS=${FUZZ_ARGS:--seed=1} tools/fuzz.sh all "${FUZZ_SECONDS:-60}"
JOBS=$jobs tools/tsan.sh
echo "quickstart test: all passes succeeded"
