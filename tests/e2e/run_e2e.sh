#!/usr/bin/env bash
# Run every test set listed in DIR/manifest.txt (made by gen.py) through
# "ONNXC_BIN run MODEL --input INPUT --output-dir OUT" and check the written
# output_<k>.npy files against the references with compare.py.
# Prints "N passed, M failed" last; exits 1 if any set failed.
#
# Usage: run_e2e.sh ONNXC_BIN DIR
# Env:   PYTHON (default /usr/bin/python3), E2E_TOL (default 1e-4),
#        E2E_TIMEOUT seconds per run (default 600)
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 ONNXC_BIN DIR" >&2
    exit 2
fi
bin=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}
tol=${E2E_TOL:-1e-4}
limit=${E2E_TIMEOUT:-600}

if [ ! -f "$dir/manifest.txt" ]; then
    echo "no manifest: $dir/manifest.txt" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_one CASE BDIR: run the model on one test set and compare; 0 if it passes.
run_one() {
    local case=$1 bdir=$2
    local out="$tmp/$case/$bdir"
    mkdir -p "$out"
    local rc=0
    timeout "$limit" "$bin" run "$dir/$case/model.onnx" \
        --input "$dir/$case/$bdir/input_0.npy" --output-dir "$out" \
        </dev/null >"$tmp/log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        if [ "$rc" -eq 124 ]; then
            echo "  onnxc run timed out after ${limit}s; last lines of its output:"
        else
            echo "  onnxc run failed (exit $rc); last lines of its output:"
        fi
        tail -n 5 "$tmp/log" | sed 's/^/    /'
        return 1
    fi
    "$python" "$here/compare.py" --ref "$dir/$case/$bdir" --got "$out" --tol "$tol" \
        </dev/null | sed 's/^/  /'
    return "${PIPESTATUS[0]}"
}

passed=0
failed=0
while read -r case bdir _; do
    [ -n "$case" ] || continue
    start=$(date +%s%N)
    if run_one "$case" "$bdir"; then
        status=PASS
        passed=$((passed + 1))
    else
        status=FAIL
        failed=$((failed + 1))
    fi
    ms=$((($(date +%s%N) - start) / 1000000))
    printf '%s %s/%s (%d ms)\n' "$status" "$case" "$bdir" "$ms"
    rm -rf "${tmp:?}/$case"
done <"$dir/manifest.txt"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
