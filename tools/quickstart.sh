#!/bin/sh
# quickstart.sh - install what is missing, build, then run the bundled model
# (`demo`, the default) or every test (`test`).  For a fresh Debian 12
# machine, as root.  .ci/run runs `tools/quickstart.sh test`.
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
	pkgs="$pkgs libonnx-testdata python3-torch python3-torchvision python3-onnx python3-numpy graphviz clang"
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
cd build
ctest --output-on-failure -j"$jobs"
