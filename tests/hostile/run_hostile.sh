#!/bin/bash
# run_hostile.sh ONNXC CORPUS_DIR - every case of CORPUS_DIR/cases.txt (made
# by make_hostile.py) through the onnxc command.  A refused case must exit
# with status 2, print exactly one line on stderr (naming the model file
# for a bad model, and containing the expected text), nothing on stdout,
# and leave no file in the output folder.  `info` and `dump` are tried on
# the bad models too when the command has them (`onnxc info --help`).
# Prints one line per failure and a summary; exit 0 when all pass.
set -u
ONNXC=$1
DIR=$(cd "$2" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fails=0
n=0
n_cmd=0

EXTRA_CMDS=""
for c in info dump; do
	if "$ONNXC" "$c" --help >/dev/null 2>&1; then
		EXTRA_CMDS="$EXTRA_CMDS $c"
	fi
done

fail() {
	echo "FAIL $1: $2"
	fails=$((fails + 1))
}

# check NAME CMD STAGE MODEL EXPECT OUTDIR RC: the refusal rules.
check() {
	local name=$1 cmd=$2 stage=$3 model=$4 expect=$5 outdir=$6 rc=$7 lines msg
	lines=$(wc -l <"$WORK/err")
	msg=$(head -c 2000 "$WORK/err")
	if [ "$stage" = OK ]; then
		[ "$rc" -eq 0 ] || fail "$name" "$cmd: exit $rc, want 0: $msg"
		[ -s "$WORK/err" ] && fail "$name" "$cmd: stderr not empty: $msg"
		return
	fi
	if [ "$rc" -ne 2 ]; then
		fail "$name" "$cmd: exit $rc, want 2: $msg"
		return
	fi
	if [ "$lines" -ne 1 ] || [ "$(tail -c 1 "$WORK/err" | od -An -c | tr -d ' ')" != '\n' ]; then
		fail "$name" "$cmd: stderr has $lines lines, want exactly one: $msg"
	fi
	[ -s "$WORK/out" ] && fail "$name" "$cmd: wrote to stdout: $(head -c 300 "$WORK/out")"
	if [ -n "$expect" ] && ! grep -qF -- "$expect" "$WORK/err"; then
		fail "$name" "$cmd: message lacks '$expect': $msg"
	fi
	if [ "$stage" = L ] && ! grep -qF -- "$model" "$WORK/err"; then
		fail "$name" "$cmd: message does not name the file: $msg"
	fi
	if [ -n "$outdir" ] && [ -d "$outdir" ] && [ -n "$(find "$outdir" -type f)" ]; then
		fail "$name" "$cmd: left files: $(find "$outdir" -type f | head -3 | tr '\n' ' ')"
	fi
}

while IFS='|' read -r name stage model args expect; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	model=$DIR/$model
	args=${args//@/$DIR}
	outdir=$WORK/out_$name
	# shellcheck disable=SC2086
	timeout 120 "$ONNXC" run "$model" $args --output-dir "$outdir" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	n_cmd=$((n_cmd + 1))
	check "$name" run "$stage" "$model" "$expect" "$outdir" "$rc"
	[ "$stage" = L ] || continue
	for c in $EXTRA_CMDS; do
		timeout 120 "$ONNXC" "$c" "$model" >"$WORK/out" 2>"$WORK/err"
		rc=$?
		n_cmd=$((n_cmd + 1))
		# info/dump print to stdout on success only: same rules
		check "$name" "$c" "$stage" "$model" "$expect" "" "$rc"
	done
done <"$DIR/cases.txt"

echo "hostile: $n cases, $n_cmd command runs (run${EXTRA_CMDS}), $fails failures"
[ "$fails" -eq 0 ]
