#!/bin/sh
# pass_marks.sh ONNXC MODEL - what the passes did is visible: on the bundled
# fcn_small (one bilinear ConvTranspose, four Conv+Relu), --pass-stats gives
# per-pass node counts, the text dump names what each node absorbed, and the
# dot dump fills exactly the 7 folded/fused nodes orange.
set -eu
onnxc=$1
model=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

err=$("$onnxc" dump -O --pass-stats "$model" -o /dev/null 2>&1 >/dev/null)
echo "$err" | grep -qx 'pass fold_bilinear 1 report, nodes 14 -> 16' ||
	fail "fold_bilinear line missing: $err"
echo "$err" | grep -qx 'pass fuse_act      4 reports, nodes 16 -> 12' ||
	fail "fuse_act line missing: $err"
echo "$err" | grep -qx 'passes: nodes 14 -> 12' || fail "total line missing: $err"

text=$("$onnxc" dump -O "$model")
n=$(echo "$text" | grep -c "fold_bilinear: bilinear ConvTranspose '/upsample/ConvTranspose' -> Pad/Resize(linear, half_pixel)/Slice" || true)
[ "$n" -eq 3 ] || fail "expected 3 nodes marked as the bilinear fold, got $n"
n=$(echo "$text" | grep -c "fused Relu from" || true)
[ "$n" -eq 4 ] || fail "expected 4 nodes with a fused Relu, got $n"

dot=$("$onnxc" dump -O --format dot "$model")
n=$(echo "$dot" | grep -c 'fillcolor="#ffe4b8"' || true)
[ "$n" -eq 7 ] || fail "expected 7 orange (folded/fused) nodes in the dot dump, got $n"
dot=$("$onnxc" dump -O0 --format dot "$model")
n=$(echo "$dot" | grep -c 'fillcolor="#ffe4b8"' || true)
[ "$n" -eq 0 ] || fail "-O0 dot dump has $n orange nodes"
echo "pass marks: ok"
