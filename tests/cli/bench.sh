#!/bin/bash
# bench.sh ONNXC MODEL INPUT SMALL - `onnxc bench`: the --json report (keys,
# run count, times, min <= median, FLOPs equal to an independent count by
# tests/cli/check_bench.py from the ONNX file), random inputs when none are
# given (SMALL has a symbolic batch dim), --profile, and one-line errors
# with exit status 2 for bad values, unknown input names, string inputs.
# MODEL is tests/models/fcn_small.onnx with its input INPUT.
# Prints one line per failed check and "N passed, M failed".
set -u
if [ $# -ne 4 ]; then
	echo "usage: bench.sh ONNXC MODEL INPUT SMALL" >&2
	exit 2
fi
onnxc=$1
model=$2
input=$3
small=$4
py=/usr/bin/python3
check_bench=$(dirname "$0")/check_bench.py
work=$(mktemp -d "${TMPDIR:-/tmp}/onnxc-bench.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
filter_blas_warning=1
. "$(dirname "$0")/lib.sh"

# check_json RUNS WARMUP [FLOPS]: $work/out is a valid bench report
check_json() {
	local msg
	msg=$("$py" "$check_bench" json "$work/out" "$@" 2>&1)
	check "--json report: $(echo $msg)" [ -z "$msg" ]
}

flops=$("$py" "$check_bench" flops "$model") || { echo "FAIL: check_bench.py flops"; exit 1; }
check "independent FLOP count of $model is a positive number ($flops)" \
	grep -Eqx '[1-9][0-9]*' <<< "$flops"

# ---- --json: the graph as in the file (-O0): FLOPs equal the count ----
expect_ok bench "$model" --input "$input" --runs 3 --warmup 1 --json -O0 &&
	check_json 3 1 "$flops"
# with the passes (a bilinear ConvTranspose becomes a Resize): fewer or equal
expect_ok bench "$model" --runs 3 --warmup 1 --json && check_json 3 1 &&
	check "-O1: 0 < flops <= the -O0 count" "$py" -c '
import json, sys
f = json.load(open(sys.argv[1]))["flops"]
sys.exit(not 0 < f <= int(sys.argv[2]))' "$work/out" "$flops"
expect_ok bench "$model" --runs=1 --warmup=0 --json --threads 1 && check_json 1 0 &&
	check "--threads 1: threads is 1 in the report" grep -q '"threads": 1,' "$work/out"

# ---- text report; random inputs when none are given ----
expect_ok bench "$model" --runs 2 --warmup 0
for line in '^model: ' '^inputs: +input float\[1,3,64,64\] \(random\)$' '^median: +[0-9.]+ ms$' \
	'^min: ' '^mean: ' '^throughput: +[0-9.]+ inferences/s \(batch 1\)$' \
	'GFLOP/s counts Conv/ConvTranspose/Gemm/MatMul multiply-adds' '^arena: +[0-9]+ bytes$' \
	'^blas: +OpenBLAS [^ ]+ core [A-Za-z]'; do
	check "text report has a line matching '$line'" grep -Eq "$line" "$work/out"
done
not_random() { ! grep -q '(random)' "$work/out"; }
expect_ok bench "$model" --input "$input" --runs 1 --warmup 0 &&
	check "given inputs are not called random" not_random
# a symbolic batch dim becomes 1, said once on stderr
run_onnxc bench "$small" --runs 1 --warmup 0
check "symbolic dim: exit 0 (got $rc: $(head -n 1 "$work/err"))" [ $rc -eq 0 ]
check "symbolic dim: one note on stderr ($(cat "$work/err"))" \
	[ "$(grep -c 'symbolic or unknown input dims are taken as 1' "$work/err")" -eq 1 ]
check "symbolic dim: input float[1,3,16,16]" grep -q 'input float\[1,3,16,16\] (random)' "$work/out"
expect_ok bench "$model" --runs 1 --warmup 0 --json
check "--json without --input works" "$py" -c 'import json, sys; json.load(open(sys.argv[1]))' \
	"$work/out"

# ---- --profile ----
expect_ok bench "$model" --runs 2 --warmup 1 --profile
check "--profile lists Conv in the op table" grep -Eq '^  Conv +6 ' "$work/out"
check "--profile lists the slowest nodes" grep -q '^slowest nodes' "$work/out"
check "--profile names a Conv node" grep -Eq '^  /[^ ]+/Conv +Conv ' "$work/out"
expect_ok bench "$model" --runs 2 --warmup 0 --profile --json -O0 && check_json 2 0 "$flops" &&
	check "--profile --json: Conv's FLOPs in the op totals" "$py" -c '
import json, sys
r = json.load(open(sys.argv[1]))
ops = {o["op"]: o for o in r["profile"]["ops"]}
assert ops["Conv"]["nodes"] == 6 and ops["ConvTranspose"]["nodes"] == 1
assert sum(o["flops"] for o in ops.values()) == int(sys.argv[2])
assert 0 < len(r["profile"]["nodes"]) <= 20' "$work/out" "$flops"

# ---- pass flags are accepted ----
expect_ok bench "$model" --runs 1 --warmup 0 --disable-pass fold_bilinear --json &&
	check_json 1 0 "$flops"
expect_ok bench "$model" --runs 1 --warmup 0 -O --json && check_json 1 0

# ---- errors: exit 2, one line ----
for v in 0 -1 x 1.5 '' 1000001; do
	expect_error 2 "^onnxc bench: bad value '$v' for --runs \(expected 1 to 1000000\)$" \
		bench "$model" --runs "$v"
done
expect_error 2 "^onnxc bench: bad value '-1' for --warmup \(expected 0 to 1000000\)$" \
	bench "$model" --warmup -1
expect_error 2 "^onnxc bench: bad value 'all' for --threads \(expected 0 to 1024\)$" \
	bench "$model" --threads all
expect_error 2 "^onnxc bench: flag '--runs' needs a value" bench "$model" --runs
expect_error 2 "^onnxc bench: .*input 'nope'" bench "$model" --input "nope=$input"
expect_error 2 "^onnxc bench: .*missing\.npy" bench "$model" --input "$work/missing.npy"
expect_error 2 "^onnxc bench: .*missing\.onnx" bench "$work/missing.onnx"
expect_error 2 "^onnxc bench: expected one MODEL argument" bench
expect_error 2 "^onnxc bench: unknown flag '--frobnicate'$" bench "$model" --frobnicate
"$py" "$check_bench" string-model "$work/strings.onnx" ||
	bad "check_bench.py string-model"
expect_error 2 "^onnxc bench: input 's' is a string tensor" bench "$work/strings.onnx"
expect_ok bench --help && check "bench --help prints the usage" \
	grep -q '^usage: onnxc bench MODEL' "$work/out"

finish
