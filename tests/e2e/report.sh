#!/usr/bin/env bash
# report.sh ONNXC DIR: per end-to-end test set, the max error against
# PyTorch and the memory plan (arena / lower bound / naive), as a Markdown
# table.  A report, not a test: run_e2e.sh is the test.
set -u
bin=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| case | set | max abs err | limit | arena B | lower bound B | naive B | arena/bound |"
echo "|---|---|---|---|---|---|---|---|"
while read -r case bdir _; do
	out="$tmp/$case/$bdir"
	mkdir -p "$out"
	stats=$("$bin" run "$dir/$case/model.onnx" --input "$dir/$case/$bdir/input_0.npy" \
		--output-dir "$out" --plan-stats </dev/null 2>&1 | grep '^plan:')
	cmp=$(/usr/bin/python3 "$here/compare.py" --ref "$dir/$case/$bdir" --got "$out" </dev/null |
		awk '{ if ($3 + 0 > e) { e = $3 + 0; l = $4 } } END { printf "%.2e %s", e, l }')
	read -r arena bound naive <<<"$(echo "$stats" |
		sed -E 's/plan: arena ([0-9]+) bytes, lower bound ([0-9]+), naive ([0-9]+).*/\1 \2 \3/')"
	ratio=$(awk -v a="$arena" -v b="$bound" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')
	read -r err lim <<<"$cmp"
	echo "| $case | $bdir | $err | $lim | $arena | $bound | $naive | $ratio |"
done <"$dir/manifest.txt"
