#!/bin/bash
# fuzz.sh TARGET SECONDS [CORPUS_DIR] - build (if needed) and run one libFuzzer
# target for SECONDS; `fuzz.sh all SECONDS` runs each target in turn.
#
# Targets (tests/fuzz/fuzz_TARGET.c):
#   load     model bytes -> IR (fe_load_buffer), then write and load again
#   npy      .npy bytes -> tensor (fe_npy_parse)
#   pb       TensorProto bytes -> tensor (fe_parse_tensor_pb)
#   prepare  load -> passes -> prepare with declared shapes -> two runs
#
# Built with clang, ASan + UBSan and libFuzzer in $FUZZ_BUILD (default:
# <repo>/build-fuzz).  The corpus (default $FUZZ_BUILD/corpus/TARGET) is
# seeded on first use from the repo's models and fixtures and from Debian's
# libonnx-testdata.  Findings go to $FUZZ_BUILD/findings/TARGET/; copy each
# (after fixing it) into tests/fuzz/regress/TARGET/, where ctest replays it.
#
# Environment: FUZZ_BUILD, FUZZ_JOBS (make -j, default 2), FUZZ_ARGS (extra
# libFuzzer flags), FUZZ_FORK=1 (keep going after a crash: -fork=1
# -ignore_crashes=1; default is to stop at the first one).
# Prints per target: executions, execs/s, new corpus size, findings.
# Exit status: 0 when no target found anything, 1 otherwise, 2 on usage or
# build errors.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
JOBS=${FUZZ_JOBS:-2}
TESTDATA=/usr/share/libonnx-testdata/data
PY=/usr/bin/python3
ALL="load npy pb prepare"

usage() {
	echo "usage: $0 load|npy|pb|prepare|all SECONDS [CORPUS_DIR]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
TARGET=$1
SECS=$2
CORPUS_ARG=${3:-}
case "$SECS" in ''|*[!0-9]*) usage ;; esac
case " $ALL all " in *" $TARGET "*) ;; *) usage ;; esac
if [ "$TARGET" = all ] && [ -n "$CORPUS_ARG" ]; then
	echo "$0: a corpus directory goes with one target, not 'all'" >&2
	exit 2
fi

build() {
	if [ ! -f "$BUILD/CMakeCache.txt" ]; then
		mkdir -p "$BUILD" && CC=clang cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
			-DONNXC_SANITIZE=ON -DONNXC_FUZZ=ON -DONNXC_VERIFY=ON >"$BUILD/fuzz-cmake.log" 2>&1 ||
			{ cat "$BUILD/fuzz-cmake.log" >&2; exit 2; }
	fi
	# shellcheck disable=SC2046
	make -C "$BUILD" -j"$JOBS" $(for t in "$@"; do echo "fuzz_$t"; done) >"$BUILD/fuzz-make.log" 2>&1 ||
		{ tail -40 "$BUILD/fuzz-make.log" >&2; exit 2; }
}

# seed_models DIR MAXBYTES: the repo's models, the loader's fixtures and the
# test data's models of at most MAXBYTES bytes.
seed_models() {
	local dir=$1 max=$2 f name
	cp "$ROOT"/tests/models/*.onnx "$dir"/
	if [ ! -d "$BUILD/tests/fe" ]; then
		$PY "$ROOT/tests/data/fe/make_fixtures.py" "$BUILD/tests/fe" >/dev/null 2>&1 || true
	fi
	for f in "$BUILD"/tests/fe/*.onnx "$BUILD"/tests/fe/*/*.onnx; do
		[ -f "$f" ] && cp "$f" "$dir/fe_$(basename "$(dirname "$f")")_$(basename "$f")"
	done
	if [ -d "$TESTDATA" ]; then
		find "$TESTDATA" -name model.onnx -size -"$max"c | while read -r f; do
			name=$(basename "$(dirname "$f")")
			cp "$f" "$dir/td_$name.onnx"
		done
	fi
}

seed() {
	local t=$1 dir=$2 f i=0
	mkdir -p "$dir"
	[ -n "$(ls -A "$dir")" ] && return
	case $t in
	load) seed_models "$dir" 65536 ;;
	prepare) seed_models "$dir" 16384 ;;
	npy)
		cp "$ROOT"/tests/models/*.npy "$dir"/
		$PY "$ROOT/tests/fuzz/make_seeds.py" "$dir" ;;
	pb)
		if [ -d "$TESTDATA" ]; then
			find "$TESTDATA" -name '*.pb' -size -2048c | while read -r f; do
				i=$((i + 1))
				cp "$f" "$dir/td_${i}_$(basename "$f")"
			done
		fi
		cp "$ROOT"/tests/fuzz/regress/pb/* "$dir"/ 2>/dev/null || true ;;
	esac
}

# run_one TARGET: fuzz it for SECS seconds; prints one summary line.
run_one() {
	local t=$1 corpus=${CORPUS_ARG:-$BUILD/corpus/$1} find=$BUILD/findings/$1 log execs rate
	local n0 n1 found extra=()
	seed "$t" "$corpus"
	mkdir -p "$find"
	n0=$(ls "$corpus" | wc -l)
	found=$(ls "$find" | wc -l)
	if [ "$t" = load ] || [ "$t" = prepare ]; then
		# op names with kernels: mutations that swap one op for another
		sed -n 's/^OP(\([A-Za-z0-9]*\), ONNX, K,.*/"\1"/p' "$ROOT/ir/ops.def" >"$BUILD/ops.dict"
		extra+=(-dict="$BUILD/ops.dict")
	fi
	[ "${FUZZ_FORK:-0}" = 1 ] && extra+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
	log=$BUILD/fuzz-$t.log
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$BUILD/tests/fuzz_$t" "$corpus" -max_total_time="$SECS" -timeout=20 \
		-rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$find/" "${extra[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	n1=$(ls "$corpus" | wc -l)
	found=$(($(ls "$find" | wc -l) - found))
	printf '%-8s %4ss  execs %-9s execs/s %-6s corpus %s -> %s  findings %s%s\n' "$t" "$SECS" \
		"${execs:-?}" "${rate:-?}" "$n0" "$n1" "$found" \
		"$([ "$found" -gt 0 ] && echo " (in $find, log $log)")"
	[ "$found" -eq 0 ]
}

if [ "$TARGET" = all ]; then
	build $ALL
	rc=0
	for t in $ALL; do
		run_one "$t" || rc=1
	done
	exit $rc
fi
build "$TARGET"
run_one "$TARGET"
