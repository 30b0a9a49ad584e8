# lib.sh - checks shared by the CLI test scripts (errors.sh, bench.sh,
# blas_core.sh); sourced after the script has set $onnxc and $work.
# Each check counts into pass/nfail; finish prints "N passed, M failed" and
# returns nonzero when something failed.  With filter_blas_warning=1, the
# "onnxc: warning: OpenBLAS ..." line (it depends on the machine) is taken
# out of stderr before the checks look at it.
pass=0 nfail=0

bad() {
	echo "FAIL: $*"
	nfail=$((nfail + 1))
}

# check DESCRIPTION COMMAND...: a plain condition
check() {
	local what=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		bad "$what"
	fi
}

# run_onnxc ARGS...: onnxc ARGS; stdout in $work/out, stderr in $work/err,
# status in $rc
run_onnxc() {
	"$onnxc" "$@" > "$work/out" 2> "$work/err.all" < /dev/null
	rc=$?
	if [ "${filter_blas_warning:-0}" = 1 ]; then
		grep -v '^onnxc: warning: OpenBLAS' "$work/err.all" > "$work/err"
	else
		cp "$work/err.all" "$work/err"
	fi
}

# expect_error STATUS REGEX ARGS...: exit status, empty stdout, exactly one
# stderr line matching the (grep -E) regex
expect_error() {
	local want=$1 re=$2
	shift 2
	run_onnxc "$@"
	if [ $rc -ne "$want" ]; then
		bad "onnxc $*: exit $rc, expected $want ($(head -n 1 "$work/err"))"
	elif [ -s "$work/out" ]; then
		bad "onnxc $*: wrote to stdout"
	elif [ "$(wc -l < "$work/err")" -ne 1 ]; then
		bad "onnxc $*: $(wc -l < "$work/err") lines on stderr, expected 1:"
		sed 's/^/    /' "$work/err"
	elif ! grep -Eq -- "$re" "$work/err"; then
		bad "onnxc $*: message '$(cat "$work/err")' does not match '$re'"
	else
		pass=$((pass + 1))
	fi
}

# expect_ok ARGS...: exit 0, nothing on stderr
expect_ok() {
	run_onnxc "$@"
	if [ $rc -ne 0 ] || [ -s "$work/err" ]; then
		bad "onnxc $*: exit $rc, stderr: $(head -n 1 "$work/err")"
		return 1
	fi
	pass=$((pass + 1))
}

# finish: the summary line; status 0 when every check passed
finish() {
	echo "$pass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
