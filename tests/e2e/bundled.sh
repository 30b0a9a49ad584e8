#!/usr/bin/env bash
# bundled.sh ONNXC SRC: run the bundled model and compare with PyTorch's output.
set -eu
bin=$1 src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir "$d/ref"
cp "$src/tests/models/fcn_small_output.npy" "$d/ref/output_0.npy"
"$bin" run "$src/tests/models/fcn_small.onnx" --input "$src/tests/models/fcn_small_input.npy" \
	--output-dir "$d/got"
/usr/bin/python3 "$src/tests/e2e/compare.py" --ref "$d/ref" --got "$d/got"
