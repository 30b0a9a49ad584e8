#!/bin/bash
# blas_core.sh ONNXC SHIM MODEL - the onnxc command's OpenBLAS core check:
# --version names the core; when OpenBLAS reports a weaker core than the CPU
# supports and OPENBLAS_CORETYPE / ONNXC_NO_REEXEC are unset, onnxc
# re-executes itself once with OPENBLAS_CORETYPE set, keeping its arguments
# and exit status.  SHIM is tests/cli/fake_corename.c built as a preloadable
# library: it makes openblas_get_corename() report $FAKE_OPENBLAS_CORE and
# logs every exec, so this runs on any x86-64 CPU.  The re-exec is expected
# when /proc/cpuinfo lists avx (onnxc's best core is then at least
# Sandybridge); without AVX no re-exec and no warning are expected.
# Prints one line per failed check and "N passed, M failed".
set -u
if [ $# -ne 3 ]; then
	echo "usage: blas_core.sh ONNXC SHIM MODEL" >&2
	exit 2
fi
onnxc=$1
shim=$2
model=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/onnxc-blas.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
unset OPENBLAS_CORETYPE ONNXC_NO_REEXEC ONNXC_REEXEC
# a preloaded library comes before the sanitizer runtime in sanitized builds
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
avx=0
grep -qw avx /proc/cpuinfo 2>/dev/null && avx=1

. "$(dirname "$0")/lib.sh"

not() {
	! "$@"
}

# run ENV... -- ARGS...: onnxc ARGS with the environment additions ENV,
# under a timeout (a re-exec loop would never end); stdout in $work/out,
# stderr in $work/err, the shim's exec log in $work/log, status in $rc
run() {
	local env=()
	while [ "$1" != -- ]; do
		env+=("$1")
		shift
	done
	shift
	rm -f "$work/log"
	env "${env[@]}" FAKE_OPENBLAS_LOG="$work/log" timeout 60 "$onnxc" "$@" \
		> "$work/out" 2> "$work/err" < /dev/null
	rc=$?
	touch "$work/log"
}

version_line() {
	sed -n 3p "$work/out"
}

# ---- the real core: --version names it ----
run -- --version
check "--version: exit 0 (got $rc)" [ $rc -eq 0 ]
check "--version: an OpenBLAS line with a core name ($(version_line))" \
	grep -Eq '^OpenBLAS [0-9][^ ]* core [A-Za-z][A-Za-z0-9_]*( |$)' <(version_line)

# ---- a weak core reported: one re-exec with the best core ----
run LD_PRELOAD="$shim" FAKE_OPENBLAS_CORE=Prescott -- --version
check "weak core: exit 0 (got $rc: $(head -n 1 "$work/err"))" [ $rc -eq 0 ]
if [ $avx -eq 1 ]; then
	best=$(sed -n 's/.*(re-executed with OPENBLAS_CORETYPE=\([A-Za-z]*\))$/\1/p' "$work/out")
	check "weak core: re-executed with SkylakeX, Haswell or Sandybridge ($(version_line))" \
		grep -Eqx 'SkylakeX|Haswell|Sandybridge' <<< "$best"
	check "weak core: exactly two execs, the second with OPENBLAS_CORETYPE=$best ($(tr '\n' ' ' < "$work/log"))" \
		diff -q - "$work/log" <<< "exec OPENBLAS_CORETYPE=unset
exec OPENBLAS_CORETYPE=$best"
	# the shim still says Prescott after the re-exec: onnxc warns, once
	check "weak core not fixed: one warning line naming $best" \
		grep -Eqx "onnxc: warning: OpenBLAS uses its Prescott kernels but this CPU supports $best .*" \
		"$work/err"
	check "weak core not fixed: only the warning on stderr" [ "$(wc -l < "$work/err")" -eq 1 ]
else
	check "weak core, no AVX: no re-exec" [ "$(wc -l < "$work/log")" -eq 1 ]
	check "weak core, no AVX: no warning" [ ! -s "$work/err" ]
fi

# ---- the re-exec keeps the arguments, the output and the exit status ----
run -- info "$model" --format json
cp "$work/out" "$work/info.json"
run LD_PRELOAD="$shim" -- info "$model" --format json
check "re-exec: info prints the same (exit $rc)" cmp -s "$work/out" "$work/info.json"
[ $avx -eq 1 ] && check "re-exec: info was re-executed" [ "$(wc -l < "$work/log")" -eq 2 ]
run LD_PRELOAD="$shim" -- info "$work/missing.onnx"
check "re-exec: a bad model still exits 2 (got $rc)" [ $rc -eq 2 ]
check "re-exec: ... with one line on stderr" \
	grep -q "^onnxc info: .*missing\.onnx" "$work/err"

# ---- no re-exec when asked not to, or when the core is not weaker ----
run LD_PRELOAD="$shim" ONNXC_NO_REEXEC=1 -- --version
check "ONNXC_NO_REEXEC: one exec" [ "$(wc -l < "$work/log")" -eq 1 ]
check "ONNXC_NO_REEXEC: not re-executed" not grep -q 're-executed' "$work/out"
[ $avx -eq 1 ] && check "ONNXC_NO_REEXEC: the weak core is warned about" \
	grep -q '^onnxc: warning: OpenBLAS uses its Prescott kernels' "$work/err"
run LD_PRELOAD="$shim" OPENBLAS_CORETYPE=Prescott -- --version
check "OPENBLAS_CORETYPE set: one exec" [ "$(wc -l < "$work/log")" -eq 1 ]
check "OPENBLAS_CORETYPE set: not re-executed" not grep -q 're-executed' "$work/out"
run LD_PRELOAD="$shim" OPENBLAS_CORETYPE= -- --version
check "OPENBLAS_CORETYPE empty: one exec" [ "$(wc -l < "$work/log")" -eq 1 ]
for core in SkylakeX Cooperlake Frobnicate; do
	run LD_PRELOAD="$shim" FAKE_OPENBLAS_CORE=$core -- --version
	check "core $core: one exec, exit 0 (got $rc)" \
		[ $rc -eq 0 ] && [ "$(wc -l < "$work/log")" -eq 1 ]
	check "core $core: no warning ($(head -n 1 "$work/err"))" [ ! -s "$work/err" ]
	check "core $core: --version names it" grep -q "^OpenBLAS [^ ]* core $core " "$work/out"
done
# a stale guard from the environment only stops the re-exec
run LD_PRELOAD="$shim" ONNXC_REEXEC=SkylakeX -- --version
check "ONNXC_REEXEC given: one exec" [ "$(wc -l < "$work/log")" -eq 1 ]
check "ONNXC_REEXEC given without OPENBLAS_CORETYPE: not reported as re-executed" \
	not grep -q 're-executed' "$work/out"

finish
