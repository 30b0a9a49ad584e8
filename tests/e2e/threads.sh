#!/usr/bin/env bash
# Run every model of DIR/manifest.txt (made by gen.py) on its first test set
# with "ONNXC_BIN run --threads 1", then --threads 2 and 3, and check with
# compare.py that the threaded outputs equal the single-threaded ones within
# E2E_THREADS_TOL (default 1e-6) of max(1, max|output|): the pool's split
# of Conv, Gemm, depthwise, pooling, Resize... must not change results.
# Prints "N passed, M failed" last; exits 1 if any model failed.
#
# Usage: threads.sh ONNXC_BIN DIR
# Env:   PYTHON (default /usr/bin/python3), E2E_TIMEOUT seconds per run
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 ONNXC_BIN DIR" >&2
    exit 2
fi
bin=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}
tol=${E2E_THREADS_TOL:-1e-6}
limit=${E2E_TIMEOUT:-600}

if [ ! -f "$dir/manifest.txt" ]; then
    echo "no manifest: $dir/manifest.txt" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_threads CASE BDIR T: outputs of the model with T threads in $tmp/CASE/T.
run_threads() {
    local out="$tmp/$1/$3"
    mkdir -p "$out"
    if ! timeout "$limit" "$bin" run "$dir/$1/model.onnx" --threads "$3" \
        --input "$dir/$1/$2/input_0.npy" --output-dir "$out" </dev/null >"$tmp/log" 2>&1; then
        echo "  onnxc run --threads $3 failed; last lines of its output:"
        tail -n 5 "$tmp/log" | sed 's/^/    /'
        return 1
    fi
}

passed=0
failed=0
seen=" "
while read -r case bdir _; do
    [ -n "$case" ] || continue
    case "$seen" in *" $case "*) continue ;; esac
    seen="$seen$case "
    ok=1
    run_threads "$case" "$bdir" 1 || ok=0
    for t in 2 3; do
        [ "$ok" -eq 1 ] || break
        run_threads "$case" "$bdir" "$t" || { ok=0; break; }
        echo "  threads $t vs 1:"
        "$python" "$here/compare.py" --ref "$tmp/$case/1" --got "$tmp/$case/$t" --tol "$tol" \
            </dev/null | sed 's/^/    /'
        [ "${PIPESTATUS[0]}" -eq 0 ] || ok=0
    done
    if [ "$ok" -eq 1 ]; then
        echo "PASS $case"
        passed=$((passed + 1))
    else
        echo "FAIL $case"
        failed=$((failed + 1))
    fi
    rm -rf "${tmp:?}/$case"
done <"$dir/manifest.txt"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
