#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The tuning variables STATIONAUDIT_CUT and STATIONAUDIT_ROLLUP_SPILL:
# a value check cannot use is not silently ignored: one warning on
# standard error names the variable, the value and the default used
# instead, and the run goes on as without it (same exit status, same
# report).  A usable value warns of nothing.
set -u
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
. "$(dirname "$0")/common.sh"

cp "$SA_SRCDIR/examples/stations-stream.yaml" "$work/"
# run NAME [VAR=VALUE]: the report NAME.json, stderr NAME.err, status
run() {
  name=$1; shift
  (cd "$work" && env "$@" "$STATIONAUDIT" check --lang en --no-config \
    --audit-date 2025-06-30 -q -f "json:$name.json" stations-stream.yaml \
    2>"$name.err")
  echo $? > "$work/$name.rc"
}
run plain
[ -s "$work/plain.err" ] && fail "a plain run warns: $(cat "$work/plain.err")"

ignored() { # VAR VALUE DEFAULT
  run bad "$1=$2"
  cmp -s "$work/bad.rc" "$work/plain.rc" ||
    fail "$1='$2': exit $(cat "$work/bad.rc"), not $(cat "$work/plain.rc")"
  cmp -s "$work/bad.json" "$work/plain.json" || fail "$1='$2': another report"
  n=$(grep -c . "$work/bad.err")
  [ "$n" = 1 ] || { fail "$1='$2': $n lines on stderr"; cat "$work/bad.err"; }
  grep -qF "stationaudit: warning: $1='$2' is not" "$work/bad.err" ||
    { fail "$1='$2': no warning naming it"; cat "$work/bad.err"; }
  grep -qF "and $3 used" "$work/bad.err" ||
    { fail "$1='$2': the default $3 is not named"; cat "$work/bad.err"; }
}
quiet() { # VAR VALUE
  run good "$1=$2"
  [ -s "$work/good.err" ] && fail "$1='$2' warns: $(cat "$work/good.err")"
  cmp -s "$work/good.json" "$work/plain.json" || fail "$1='$2': another report"
}

for v in abc -1 " 5" 5,0 1,2,3 5, 99999999999999999999999; do
  ignored STATIONAUDIT_CUT "$v" 4194304,524288
done
for v in abc 0 -1 1,2 +5; do
  ignored STATIONAUDIT_ROLLUP_SPILL "$v" 65536
done
quiet STATIONAUDIT_CUT 0
quiet STATIONAUDIT_CUT 100,200
quiet STATIONAUDIT_ROLLUP_SPILL 1
exit $bad
