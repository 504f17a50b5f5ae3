#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The command under valgrind (a --enable-valgrind build only; skipped
# elsewhere): every subcommand, every report format, a batch of good and
# broken dossiers on two workers, a baseline, standard input.  Any leak
# (definite or indirect), invalid read or write, or use of an
# uninitialised value fails the test; each run must also exit as it
# does without valgrind.  The unit tests run under valgrind on their
# own (tests/valgrind.sh); this is the command's share.
set -u
[ "${SA_VALGRIND:-no}" = yes ] || { echo "memcheck: not a valgrind build"; exit 77; }
command -v valgrind >/dev/null 2>&1 || { echo "memcheck: no valgrind"; exit 77; }
. "$(dirname "$0")/common.sh"

src=$SA_SRCDIR
ex=$src/examples
cases=$src/tests/e2e/cases

vg() { # CODE WHAT ARGS... : runs the command under valgrind
	want=$1 what=$2
	shift 2
	"$SA_BUILDDIR/libtool" --mode=execute valgrind --quiet \
		--leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		--log-file="$work/vg.log" "$STATIONAUDIT" "$@" \
		>"$work/out" 2>"$work/err" <"$work/stdin"
	got=$?
	if [ "$got" != "$want" ] || [ -s "$work/vg.log" ]; then
		fail "$what: exit $got, expected $want"
		sed 's/^/    /' "$work/vg.log" "$work/err" | head -40
	fi
}

: >"$work/stdin"
r=$work/r
mkdir "$r" "$work/batch"
cp "$ex"/*.yaml "$ex"/*.xml "$work/batch/"
cp "$cases/broken-yaml/420322101-tumen.yaml" "$work/batch/zz-broken.yaml"
printf 'station: [unclosed\n' >"$work/batch/zz-bad.json"
all=""
for f in json html xlsx sarif junit csv svrl markdown github codequality text; do
	all="$all -f $f:$r/report.$f"
done
# shellcheck disable=SC2086  # $all is a list of words
vg 3 "check, every format, -j2, good and broken dossiers" \
	check -j2 --audit-date 2025-06-30 $all "$work/batch"
[ -s "$r/report.json" ] || fail "no JSON report"
# shellcheck disable=SC2086
vg 1 "check in English, a folder of one city, a baseline" \
	check -j2 --lang en --audit-date 2025-06-30 -s jiande \
	--baseline "$r/report.json" -f json:"$r/en.json" -f html:"$r/en.html" \
	"$ex/jiande"
vg 1 "a stream of records" check --audit-date 2025-06-30 -f json:"$r/s.json" \
	"$ex/stations-stream.yaml"
cp "$ex/420302001-wudanglu.yaml" "$work/stdin"
vg 1 "standard input" check --audit-date 2025-06-30 -
: >"$work/stdin"
vg 0 "diff" diff "$r/report.json" "$r/s.json"
vg 0 "lint" lint base coverage jiande shiyan
vg 0 "explain" explain BASE-ID-01
vg 0 "list" list
vg 0 "convert" convert "$ex/420304117-chengguan.xml"
vg 0 "test" test jiande
vg 0 "init" init 420302001 -o "$work/init.yaml"
vg 2 "a broken pack" lint "$cases/pack-bad-xpath/packs/badxpath"
exit $bad
