#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/e2e/run.sh - the end-to-end test runner.
#
# Every folder under tests/e2e/cases is one case (see tests/e2e/README.md):
#   cmd          one line: the arguments after `stationaudit`, as shell
#                words; ${SRCDIR} and ${BUILDDIR} may be used in it
#   status       the expected exit status
#   stdout, stderr            expected exactly (after normalising paths)
#   stdout.has, stderr.has    lines that must each appear as a substring
#   stdout.not, stderr.not    lines that must not appear anywhere
#   json.check   python3 run with the JSON report parsed as `r`
#   stdin        fed to the command's standard input (else /dev/null)
#   absent       paths (one a line) that must not exist after the run
#   setup.sh     run (sh) in the case's scratch copy before the command
#   maxsecs, maxrss           wall-clock seconds / peak RSS in KiB allowed
#   timeout      seconds before the command is killed (default 60)
# plus the case's input files.  A case runs in a scratch copy of its
# folder, with that copy as the working directory, so nothing is ever
# written into the source tree.  In outputs the copy's absolute path is
# replaced by nothing and the source folder's by ${SRCDIR}.
#
# Environment: STATIONAUDIT (the built command, required), SA_SRCDIR,
# SA_BUILDDIR, STATIONAUDIT_PATH (default $SA_SRCDIR/rules),
# STATIONAUDIT_SCHEMAS (default $SA_SRCDIR/schemas).
# Usage: run.sh [CASE...]    (no argument: every case)
# SA_E2E_KEEP=DIR keeps each case's normalised stdout, stderr and status
# in DIR/CASE (a starting point for a new case's expected files).
set -u

here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${SA_SRCDIR:-$(cd "$here/../.." && pwd)}
SRCDIR=$(cd "$SRCDIR" && pwd)
BUILDDIR=${SA_BUILDDIR:-$(pwd)}
cases=$here/cases
: "${STATIONAUDIT:?set STATIONAUDIT to the built stationaudit}"
case $STATIONAUDIT in
/*) ;;
*) STATIONAUDIT=$(pwd)/$STATIONAUDIT ;;
esac
STATIONAUDIT_PATH=${STATIONAUDIT_PATH:-$SRCDIR/rules}
STATIONAUDIT_SCHEMAS=${STATIONAUDIT_SCHEMAS:-$SRCDIR/schemas}
# Folders spelt as the build gave them (make distcheck's "sub/../..") are
# spelt plainly, so that paths in outputs normalise to ${SRCDIR}.
plain_dirs() {
	local IFS=: d out=""
	for d in $1; do
		[ -d "$d" ] && d=$(cd "$d" && pwd)
		out=${out:+$out:}$d
	done
	printf '%s' "$out"
}
STATIONAUDIT_PATH=$(plain_dirs "$STATIONAUDIT_PATH")
STATIONAUDIT_SCHEMAS=$(plain_dirs "$STATIONAUDIT_SCHEMAS")
export STATIONAUDIT STATIONAUDIT_PATH STATIONAUDIT_SCHEMAS SRCDIR BUILDDIR
# Stable outputs: no colour, C messages from the C library.
NO_COLOR=1
LC_ALL=C
export NO_COLOR LC_ALL
unset LANGUAGE 2>/dev/null || :
# Messages stay the English message ids the cases state: no catalogue
# (tests/e2e/lang.sh tests the translations).
STATIONAUDIT_LOCALEDIR=
export STATIONAUDIT_LOCALEDIR

scratch=$(mktemp -d "${TMPDIR:-/tmp}/sa-e2e.XXXXXX") || exit 99
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT HUP TERM

# Optional tools: timeout (hangs fail instead of blocking) and GNU time
# (peak RSS and wall-clock time).
have_timeout=no
command -v timeout >/dev/null 2>&1 && have_timeout=yes
have_time=no
if [ -x /usr/bin/time ] &&
   /usr/bin/time -o "$scratch/probe" -f '%e %M' true 2>/dev/null &&
   [ -s "$scratch/probe" ]; then
	have_time=yes
fi
# Sanitizer builds use far more memory: the RSS bounds do not apply.
sanitized=no
if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}" ] ||
   grep -q -- '^SA_CFLAGS = .*-fsanitize' "$BUILDDIR/Makefile" 2>/dev/null; then
	sanitized=yes
fi

# normalize FILE: the case's scratch path becomes nothing, the source
# folder becomes ${SRCDIR} (physical and logical spellings of both).
normalize() {
	N_WORK=$work N_WORKP=$workp N_SRC=$SRCDIR N_SRCP=$srcp \
	awk '
	function rep(s, f, t,   out, i) {
		if (f == "")
			return s
		out = ""
		while ((i = index(s, f)) > 0) {
			out = out substr(s, 1, i - 1) t
			s = substr(s, i + length(f))
		}
		return out s
	}
	{
		s = $0
		s = rep(s, ENVIRON["N_WORKP"] "/", "")
		s = rep(s, ENVIRON["N_WORK"] "/", "")
		s = rep(s, ENVIRON["N_WORKP"], "")
		s = rep(s, ENVIRON["N_WORK"], "")
		s = rep(s, ENVIRON["N_SRCP"], "${SRCDIR}")
		s = rep(s, ENVIRON["N_SRC"], "${SRCDIR}")
		print s
	}' "$1"
}

# Messages of the current case, shown under its FAIL line.
report=
fail() {
	report="$report$1
"
}

# has KIND FILE EXPECTFILE: every non-empty line of EXPECTFILE occurs in FILE.
check_has() {
	while IFS= read -r line || [ -n "$line" ]; do
		[ -n "$line" ] || continue
		grep -qF -- "$line" "$2" ||
			fail "$1 lacks: $line"
	done <"$3"
}

check_not() {
	while IFS= read -r line || [ -n "$line" ]; do
		[ -n "$line" ] || continue
		grep -qF -- "$line" "$2" &&
			fail "$1 must not hold: $line"
	done <"$3"
}

check_exact() {
	if ! cmp -s "$3" "$2"; then
		fail "$1 differs (--- expected, +++ actual):"
		fail "$(diff -u "$3" "$2" | sed '1,2d' | head -60)"
	fi
}

json_check() {
	JC_CHECK=$1 JC_OUT=$res/stdout JC_ERR=$res/stderr JC_ARGV=$res/argv \
	JC_STDIN=$stdin JC_WORK=$work \
	python3 - >"$res/json.out" 2>&1 <<'EOF'
import json, os, subprocess, sys, traceback
work = os.environ["JC_WORK"]
SRCDIR = os.environ["SRCDIR"]
sa = os.environ["STATIONAUDIT"]
with open(os.environ["JC_ARGV"], "rb") as f:
    argv = [a.decode("utf-8", "surrogateescape")
            for a in f.read().split(b"\0")[:-1]]
with open(os.environ["JC_OUT"], encoding="utf-8", errors="replace") as f:
    stdout = f.read()
with open(os.environ["JC_ERR"], encoding="utf-8", errors="replace") as f:
    stderr = f.read()
report = os.path.join(work, "report.json")
source = report if os.path.exists(report) else os.environ["JC_OUT"]
with open(source, "rb") as f:
    raw = f.read()
r = json.loads(raw.decode("utf-8"))

def rerun(args=None):
    """Runs the case's command again, or with other arguments; returns
    (status, stdout, stderr)."""
    with open(os.environ["JC_STDIN"], "rb") as i:
        p = subprocess.run([sa] + (argv if args is None else args),
                           cwd=work, stdin=i,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
    return p.returncode, p.stdout, p.stderr

def validate_schema(doc):
    """Validates doc against docs/report.schema.json when jsonschema is
    installed; says so when it is not."""
    try:
        import jsonschema
    except ImportError:
        print("note: python3 jsonschema not installed: schema validation skipped")
        return
    with open(os.path.join(SRCDIR, "docs", "report.schema.json")) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:10]:
        print("schema: /%s: %s" % ("/".join(map(str, e.path)), e.message[:300]))
    assert not errors, "%d schema violation(s)" % len(errors)

try:
    with open(os.environ["JC_CHECK"], encoding="utf-8") as f:
        code = compile(f.read(), "json.check", "exec")
    exec(code, {"r": r, "raw": raw, "stdout": stdout, "stderr": stderr,
                "work": work, "SRCDIR": SRCDIR, "argv": argv,
                "rerun": rerun, "validate_schema": validate_schema,
                "json": json, "os": os})
except Exception:
    traceback.print_exc(limit=3, file=sys.stdout)
    sys.exit(1)
EOF
}

run_case() {
	name=$1
	dir=$cases/$name
	work=$scratch/work/$name
	res=$scratch/res/$name
	report=
	notes=
	mkdir -p "$work" "$res" || return 1
	cp -R "$dir/." "$work/" || return 1
	workp=$(cd "$work" && pwd -P)
	srcp=$(cd "$SRCDIR" && pwd -P)

	stdin=/dev/null
	[ -f "$work/stdin" ] && stdin=$work/stdin
	limit=60
	[ -f "$dir/timeout" ] && limit=$(cat "$dir/timeout")

	if [ -f "$dir/setup.sh" ]; then
		if ! (cd "$work" && sh ./setup.sh) >"$res/setup.out" 2>&1; then
			fail "setup.sh failed:"
			fail "$(tail -20 "$res/setup.out")"
			return 0
		fi
	fi

	cmdline=$(sed -n '1p' "$dir/cmd")
	if ! eval "set -- $cmdline"; then
		fail "cannot parse cmd: $cmdline"
		return 0
	fi
	: >"$res/argv"
	for a in "$@"; do
		printf '%s\0' "$a" >>"$res/argv"
	done

	set -- "$STATIONAUDIT" "$@"
	measure=no
	if [ -f "$dir/maxsecs" ] || [ -f "$dir/maxrss" ]; then
		if [ $have_time = yes ]; then
			measure=yes
			set -- /usr/bin/time -o "$res/time" -f '%e %M' "$@"
		else
			notes="${notes}# $name: /usr/bin/time (GNU) not found: time and memory bounds not checked
"
		fi
	fi
	[ $have_timeout = yes ] && set -- timeout -k 5 "$limit" "$@"
	(cd "$work" && "$@") <"$stdin" >"$res/stdout.raw" 2>"$res/stderr.raw"
	status=$?
	normalize "$res/stdout.raw" >"$res/stdout"
	normalize "$res/stderr.raw" >"$res/stderr"

	if [ $have_timeout = yes ] && [ $status -eq 124 ]; then
		fail "timed out after ${limit} s"
	fi
	want=$(cat "$dir/status")
	[ "$status" = "$want" ] || fail "exit status $status, expected $want"

	for s in stdout stderr; do
		[ -f "$dir/$s" ] && check_exact $s "$res/$s" "$dir/$s"
		[ -f "$dir/$s.has" ] && check_has $s "$res/$s" "$dir/$s.has"
		[ -f "$dir/$s.not" ] && check_not $s "$res/$s" "$dir/$s.not"
	done

	if [ -f "$dir/absent" ]; then
		while IFS= read -r p || [ -n "$p" ]; do
			[ -n "$p" ] || continue
			[ -e "$work/$p" ] && fail "$p exists after the run"
		done <"$dir/absent"
	fi

	if [ $measure = yes ] && [ -s "$res/time" ]; then
		# GNU time writes "Command exited with ..." before the figures.
		last=$(tail -1 "$res/time")
		secs=${last% *}
		rss=${last#* }
		if [ -f "$dir/maxsecs" ]; then
			max=$(cat "$dir/maxsecs")
			awk -v a="$secs" -v b="$max" 'BEGIN { exit !(a + 0 <= b + 0) }' ||
				fail "took $secs s, more than $max s"
		fi
		if [ -f "$dir/maxrss" ] && [ $sanitized = yes ]; then
			notes="${notes}# $name: sanitizer build: peak RSS bound not checked (was $rss KiB)
"
		elif [ -f "$dir/maxrss" ]; then
			max=$(cat "$dir/maxrss")
			[ "$rss" -le "$max" ] ||
				fail "peak RSS $rss KiB, more than $max KiB"
		fi
	fi

	if [ -f "$dir/json.check" ]; then
		if ! command -v python3 >/dev/null 2>&1; then
			notes="${notes}# $name: python3 not found: json.check skipped
"
		elif ! json_check "$dir/json.check"; then
			fail "json.check failed:"
			fail "$(cat "$res/json.out")"
		else
			notes="$notes$(sed "s/^/# $name: /" "$res/json.out")"
		fi
	fi
	return 0
}

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$cases" && for d in *; do [ -f "$d/cmd" ] && echo "$d"; done)
fi

[ $have_timeout = yes ] || echo "# timeout(1) not found: a hanging case will block"
passed=0
failed=0
for name in $names; do
	if [ ! -f "$cases/$name/cmd" ] || [ ! -f "$cases/$name/status" ]; then
		echo "FAIL $name"
		echo "    no such case (a case needs cmd and status)"
		failed=$((failed + 1))
		continue
	fi
	run_case "$name"
	if [ -z "$report" ]; then
		echo "ok $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		printf '%s' "$report" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	[ -n "$notes" ] && printf '%s\n' "$notes" | sed '/^$/d'
	# Keep the normalised outputs when asked (to write a new case's
	# expected files); drop the scratch copy, which may be big, now.
	if [ -n "${SA_E2E_KEEP:-}" ]; then
		mkdir -p "$SA_E2E_KEEP/$name" &&
		cp "$scratch/res/$name/stdout" "$scratch/res/$name/stderr" \
		   "$SA_E2E_KEEP/$name/" &&
		echo "$status" >"$SA_E2E_KEEP/$name/status"
	fi
	rm -rf "$scratch/work/$name"
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
