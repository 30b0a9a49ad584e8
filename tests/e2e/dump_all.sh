#!/usr/bin/env bash
# dump_all.sh ONNXC DIR: every exported model of DIR/manifest.txt through
# `onnxc info` and `onnxc dump` as text, dot and onnx (the written model
# must load again).  Prints "N passed, M failed"; exit 1 on any failure.
set -u
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for case in $(awk '{print $1}' "$dir/manifest.txt" | sort -u); do
	m="$dir/$case/model.onnx"
	if "$bin" info "$m" >/dev/null 2>"$tmp/err" &&
		"$bin" dump "$m" >/dev/null 2>>"$tmp/err" &&
		"$bin" dump "$m" --format dot >/dev/null 2>>"$tmp/err" &&
		"$bin" dump "$m" --format onnx -o "$tmp/w.onnx" 2>>"$tmp/err" &&
		"$bin" info "$tmp/w.onnx" >/dev/null 2>>"$tmp/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $case: $(head -1 "$tmp/err")"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
