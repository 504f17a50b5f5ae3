#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The division tables' prebuilt indexes (engine/refs.c, Makefile.am):
#  - make install places <table>.csv.idx beside each bundled table
#    of base/data, and a load of the installed table takes it
#    (tools/refs-index --check);
#  - the findings, reports and `list` of the command are byte-identical
#    with the installed standards (indexed) and with a copy of them
#    without any index (every CSV scanned);
#  - make uninstall leaves no file.
set -eu
: "${SA_SRCDIR:?}" "${SA_BUILDDIR:?}" "${STATIONAUDIT:?}"
tool=$SA_BUILDDIR/tools/refs-index
. "$(dirname "$0")/common.sh"
[ -x "$tool" ] || { echo "refsindex: no $tool (make builds it)"; exit 1; }
dest=$work/dest

(cd "$SA_BUILDDIR" && ${MAKE:-make} install DESTDIR="$dest") >"$work/log" 2>&1 ||
  { cat "$work/log"; echo "refsindex: make install failed"; exit 1; }
data=$(dirname "$(find "$dest" -path '*/rules/base/data/streets.csv')")
[ -d "$data" ] || { echo "refsindex: no base/data installed"; exit 1; }
n=0
for csv in "$SA_SRCDIR"/rules/base/data/*.csv; do
  t=$(basename "$csv")
  n=$((n + 1))
  [ -f "$data/$t.idx" ] || { fail "$t.idx not installed"; continue; }
  "$tool" --check code "$data/$t" >/dev/null || fail "the installed $t.idx is not used"
done
[ "$n" -ge 6 ] || fail "only $n division tables found"

# the same standards without any index
rules=$(dirname "$(dirname "$data")")
cp -R "$rules" "$work/plain"
find "$work/plain" -name '*.idx' -exec rm -f {} +
for csv in "$work"/plain/base/data/*.csv; do
  "$tool" --check code "$csv" >/dev/null && fail "$(basename "$csv") indexed without an index"
done

run() { # PATH NAME ARGS...: stdout, stderr and status, the path unnamed
  p=$1; name=$2; shift 2
  r=0
  STATIONAUDIT_PATH=$p "$STATIONAUDIT" "$@" >"$work/$name.out" 2>"$work/$name.err" || r=$?
  echo "$r" >"$work/$name.status"
  for f in out err; do
    sed "s|$p|RULES|g" "$work/$name.$f" >"$work/$name.$f.n"
  done
}
ex=$SA_SRCDIR/examples
i=0
for args in "check -f json $ex" "check -f text --lang en $ex" \
            "check -f sarif $ex/420304117-chengguan.xml" "list" \
            "explain BASE-REGION-06"; do
  i=$((i + 1))
  # shellcheck disable=SC2086 # words of args on purpose
  run "$rules" "a$i" $args
  # shellcheck disable=SC2086
  run "$work/plain" "b$i" $args
  for f in out.n err.n status; do
    cmp -s "$work/a$i.$f" "$work/b$i.$f" || fail "'$args': $f differs with and without the index"
  done
  [ -s "$work/a$i.out" ] || fail "'$args': no output"
done
grep -q '"rule": "BASE-REGION-06"' "$work/a1.out" || fail "no division-table finding to compare"

(cd "$SA_BUILDDIR" && ${MAKE:-make} uninstall DESTDIR="$dest") >"$work/log" 2>&1 ||
  { cat "$work/log"; fail "make uninstall failed"; }
left=$(find "$dest" ! -type d | head -5)
[ -z "$left" ] || fail "make uninstall left: $left"
[ $bad -eq 0 ] && echo "refsindex: ok ($n tables)"
exit $bad
