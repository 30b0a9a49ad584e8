#!/bin/bash
# errors.sh ONNXC MODEL - the onnxc command's error handling and its plain
# command-line behaviour.  MODEL is any valid model.  Bad input must give
# exit status 2, nothing on stdout and exactly one line on stderr (the
# expected line where it is fixed); -o must never leave a partial or
# clobbered file.  Prints one line per failed check and "N passed, M failed".
set -u
if [ $# -ne 2 ]; then
	echo "usage: errors.sh ONNXC MODEL" >&2
	exit 2
fi
onnxc=$1
model=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/onnxc-errors.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib.sh"

printf 'this is not an ONNX model\n' > "$work/not_onnx.txt"
: > "$work/empty.onnx"
size=$(stat -c %s "$model")
head -c $((size / 2)) "$model" > "$work/truncated.onnx"

# ---- bad input: exit 2, one line ----
expect_error 2 "^onnxc info: .*missing\.onnx" info "$work/missing.onnx"
expect_error 2 "^onnxc dump: .*missing\.onnx" dump "$work/missing.onnx"
expect_error 2 "^onnxc dump: .*not_onnx\.txt" dump "$work/not_onnx.txt"
expect_error 2 "^onnxc info: .*not_onnx\.txt" info "$work/not_onnx.txt"
expect_error 2 "^onnxc dump: .*empty\.onnx" dump "$work/empty.onnx"
expect_error 2 "^onnxc dump: .*truncated\.onnx" dump "$work/truncated.onnx"
expect_error 2 "^onnxc info: .*" info "$work"
expect_error 2 "^onnxc dump: unknown flag '--x'$" dump --x "$model"
expect_error 2 "^onnxc dump: unknown flag '--x'$" dump "$model" --x=1
expect_error 2 "^onnxc dump: unknown flag '-q'$" dump -q "$model"
expect_error 2 "^onnxc info: unknown flag '--x'$" info "$model" --x
expect_error 2 "^onnxc dump: bad value 'xml' for --format \(expected text, dot or onnx\)$" \
	dump "$model" --format xml
expect_error 2 "^onnxc dump: bad value '' for --format" dump "$model" --format=
expect_error 2 "^onnxc info: bad value 'yaml' for --format \(expected text or json\)$" \
	info --format yaml "$model"
expect_error 2 "^onnxc dump: flag '--format' needs a value" dump "$model" --format
expect_error 2 "^onnxc dump: flag '-o' needs a value" dump "$model" -o
expect_error 2 "^onnxc dump: expected one MODEL argument" dump
expect_error 2 "^onnxc info: unexpected argument 'extra'$" info "$model" extra
expect_error 2 "^onnxc dump: --format onnx writes a binary file" dump "$model" --format onnx
expect_error 2 "^onnxc: unknown command 'frobnicate'" frobnicate
expect_error 2 "^onnxc: unknown flag '--frobnicate'" --frobnicate
expect_error 2 "^onnxc help: unknown command 'frobnicate'" help frobnicate
expect_error 2 "^onnxc dump: cannot write '$work/no/such/dir/x\.txt'" \
	dump "$model" -o "$work/no/such/dir/x.txt"
expect_error 2 "^onnxc dump: .*no/such/dir/x\.onnx" \
	dump "$model" --format onnx -o "$work/no/such/dir/x.onnx"
expect_error 2 "^onnxc dump: .*'?$work'?" dump "$model" -o "$work"

# a failed write to standard output is reported
if [ -w /dev/full ]; then
	"$onnxc" dump "$model" > /dev/full 2> "$work/err"
	rc=$?
	full_ok() {
		[ $rc -eq 2 ] && [ "$(wc -l < "$work/err")" -eq 1 ] &&
			grep -q "^onnxc dump: cannot write to standard output" "$work/err"
	}
	check "write to a full stdout: exit 2, one line (got $rc: $(cat "$work/err"))" full_ok
fi

# ---- -o never leaves a partial or clobbered file ----
echo old > "$work/keep.txt"
expect_error 2 "^onnxc dump: .*not_onnx\.txt" dump "$work/not_onnx.txt" -o "$work/keep.txt"
check "-o: an existing file is kept when loading fails" \
	[ "$(cat "$work/keep.txt")" = old ]
expect_error 2 "^onnxc dump: .*missing\.onnx" dump "$work/missing.onnx" --format onnx \
	-o "$work/new.onnx"
check "-o: no file is created when loading fails" [ ! -e "$work/new.onnx" ]
check "-o: no temporary files are left" \
	[ -z "$(find "$work" -name '.*.tmp*' -print -quit)" ]

# ---- normal operation ----
# the OpenBLAS core is the command's own choice here: a forced weak core
# makes --version warn on stderr, by design (cli.blas_core tests that)
unset OPENBLAS_CORETYPE ONNXC_NO_REEXEC
expect_ok --version && check "--version: three lines (onnxc, protobuf-c, OpenBLAS)" \
	awk 'NR == 1 && /^onnxc [0-9]+\.[0-9]+\.[0-9]+$/ { ok++ }
	     NR == 2 && /^protobuf-c [0-9]+\.[0-9]+\.[0-9]+$/ { ok++ }
	     NR == 3 && /^OpenBLAS [0-9][^ ]* core [^ ]+/ { ok++ }
	     END { exit !(ok == 3 && NR == 3) }' "$work/out"
expect_ok --help && check "--help lists the commands" grep -q '^  dump ' "$work/out"
expect_ok help dump && check "help dump prints the usage of dump" \
	grep -q '^usage: onnxc dump MODEL' "$work/out"
expect_ok dump -h && check "dump -h prints the usage of dump" \
	grep -q '^usage: onnxc dump MODEL' "$work/out"
expect_ok info --help && check "info --help prints the usage of info" \
	grep -q '^usage: onnxc info MODEL' "$work/out"
expect_ok dump "$model" && cp "$work/out" "$work/stdout.txt"
expect_ok dump "$model" -o "$work/file.txt"
check "-o FILE writes what stdout gets" cmp -s "$work/stdout.txt" "$work/file.txt"
expect_ok dump "$model" --output="$work/file2.txt"
check "--output=FILE writes what stdout gets" cmp -s "$work/stdout.txt" "$work/file2.txt"
echo old > "$work/replace.txt"
expect_ok dump "$model" -o "$work/replace.txt"
check "-o replaces an existing file" cmp -s "$work/stdout.txt" "$work/replace.txt"
expect_ok dump "$model" --format onnx -o - && check "-o - writes ONNX to a pipe" [ -s "$work/out" ]
expect_ok info "$model" --format json && check "info --format json is valid JSON" \
	/usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$work/out"
# run --output-dir: nothing is created when the run fails (load or inputs)
expect_error 2 "^onnxc run: .*truncated\.onnx" run "$work/truncated.onnx" --output-dir "$work/od1"
check "failed load leaves no output dir" [ ! -e "$work/od1" ]
expect_error 2 "^onnxc run: .*is not given" run "$model" --output-dir "$work/od2"
check "failed run leaves no output dir" [ ! -e "$work/od2" ]
check "no temporary files are left" [ -z "$(find "$work" -name '.*.tmp*' -print -quit)" ]

finish
