#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Memory running out inside a rule's XPath is exit 4, said as memory,
# and libxml2 prints nothing of its own: ref('t') read whole over a table
# just under the limit of a table read whole (240,000 rows of two
# columns), under a memory limit that the same pack without that rule
# runs within.  Once, the rule was an error finding "XPath error", the
# exit 3, and stderr had libxml2's "Memory allocation failed : growing
# nodeset".  Not under sanitizers (ulimit -v).
set -u
sa="$STATIONAUDIT"
. "$(dirname "$0")/common.sh"

if grep -q -- '^SA_CFLAGS = .*-fsanitize' "${SA_BUILDDIR:-.}/Makefile" \
     2>/dev/null || [ -n "${ASAN_OPTIONS:-}" ]; then
  echo "# xpath-memory: not under sanitizers"
  exit 0
fi
for p in whole key; do
  mkdir -p "$work/$p/data"
  { printf 'standard: {id: mem, title: t}\n'
    printf 'references:\n  t: {csv: data/t.csv, key: code}\nrules:\n'
    printf '  - {id: R-1, title: t, assert: "ref('"'t', '000000000005'"')/name = '"'n5'"'"}\n'
    [ $p = whole ] &&
      printf '  - {id: R-2, title: t, scope: collection, assert: "count(ref('"'t'"')) > 0"}\n'
  } >"$work/$p/pack.yaml"
done
awk 'BEGIN { print "code,name"; for (i = 0; i < 240000; i++) printf "%012d,n%d\n", i, i }' >"$work/whole/data/t.csv"
cp "$work/whole/data/t.csv" "$work/key/data/t.csv"
printf 'station:\n  id: "420302001-S01"\n  name: n\n' >"$work/s.yaml"
run() { # PACK
  (ulimit -v 200000 && exec $sa check --no-config --no-schema -q -j1 \
     --lang en -s "$work/$1" --audit-date 2026-06-30 "$work/s.yaml") \
    >"$work/out" 2>"$work/err" </dev/null
}
run key
got=$?
if [ $got -gt 1 ]; then
  echo "# xpath-memory: the pack without ref('t') whole does not run in 200 MB (exit $got): not tried"
  exit 0
fi
run whole
got=$?
[ $got -eq 4 ] || fail "ref('t') whole out of memory: exit $got, expected 4"
grep -q "out of memory" "$work/err" || fail "no 'out of memory' in: $(head -3 "$work/err")"
if grep -q -e "XPath error" -e "Memory allocation failed" -e "growing nodeset" "$work/err"; then
  fail "libxml2's own text on stderr: $(head -3 "$work/err")"
fi
[ $bad -eq 0 ] && echo "xpath-memory: out of memory in XPath is exit 4, said once"
exit $bad
