#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The village-scale benchmark's pieces on a small table (茅箭区 420302: its
# 7 townships and the 84 villages base knows, named here): bench/gen.py
# --national writes every township before its villages in code order, caps
# to exactly N with both kinds, gives a division the same dossier at every
# N and the same file for a seed, refuses more than there are; then
# bench/village.sh runs end to end (two sizes, -j1, its report checks) and
# refuses a bad size.  Exit 77 (skipped) without python3, GNU time or
# xmllint.
set -u
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
for t in python3 xmllint; do
  command -v $t >/dev/null || { echo "village: no $t: skipped"; exit 77; }
done
/usr/bin/time -v true >/dev/null 2>&1 || { echo "village: no GNU time: skipped"; exit 77; }
. "$(dirname "$0")/common.sh"
data=$SA_SRCDIR/rules/base/data

mkdir "$work/regions"
cp "$data/provinces.csv" "$data/cities.csv" "$data/areas.csv" "$work/regions/"
sed -n '1p; /^420302/p' "$data/streets.csv" >"$work/regions/streets.csv"
{ echo "code,name,streetCode,provinceCode,cityCode,areaCode"
  grep '^420302' "$data/villages.csv" | awk '{ printf "%s,\"%s村村民委员会\",%s,42,4203,420302\n", $1, "新建" substr($1, 10), substr($1, 1, 9) }'
} | gzip >"$work/regions/villages.csv.gz"

gen() { python3 "$SA_SRCDIR/bench/gen.py" --regions "$work/regions" --national -q --format yaml-stream "$@"; }
gen --out "$work/all" || fail "gen.py --national failed"
gen --out "$work/all2" || fail "gen.py --national failed (second run)"
gen --count 30 --out "$work/n30" || fail "gen.py --national --count 30 failed"
cmp -s "$work/all/stations.yaml" "$work/all2/stations.yaml" || fail "two runs with the same seed differ"
if gen --count 92 --out "$work/n92" 2>"$work/err"; then
  fail "--count 92 over 91 divisions was accepted"
elif ! grep -q "more than the 91 divisions" "$work/err"; then
  fail "--count 92: unexpected message: $(cat "$work/err")"
fi

python3 - "$work" <<'PY' || bad=1
import sys
work = sys.argv[1]
def docs(d):
    text = open(d + '/stations.yaml', encoding='utf-8').read()
    ids = open(d + '/ids.txt').read().split()
    parts = text.split('\n---\n')[1:] if '\n---\n' in text else []
    parts = [p if p.endswith('\n') else p + '\n' for p in parts]
    return ids, dict(zip(ids, parts)), len(parts)
ok = True
def check(cond, msg):
    global ok
    if not cond:
        print('village: ' + msg)
        ok = False
ids, full, n = docs(work + '/all')
check(len(ids) == 91 and n == 91, 'all: %d ids, %d documents, want 91' % (len(ids), n))
codes = [i.split('-')[0] for i in ids]
check(codes == sorted(codes), 'all: not in code order')
towns = [c for c in codes if len(c) == 9]
check(len(towns) == 7, 'all: %d townships, want 7' % len(towns))
for c in codes:
    if len(c) == 12:
        check(c[:9] in towns and codes.index(c[:9]) < codes.index(c),
              'all: village %s before its township' % c)
sub, part, n = docs(work + '/n30')
check(len(sub) == 30 and n == 30, 'n30: %d ids, %d documents, want 30' % (len(sub), n))
kinds = {len(i.split('-')[0]) for i in sub}
check(kinds == {9, 12}, 'n30: not both townships and villages: %s' % sorted(kinds))
check(sub == [i for i in ids if i in set(sub)], 'n30: not in the order of the full stream')
for i in sub:
    check(part.get(i) == full.get(i), 'n30: %s differs from its dossier in the full stream' % i)
sys.exit(0 if ok else 1)
PY

"$SA_SRCDIR/bench/village.sh" --help | grep -q "village scale" || fail "village.sh --help"
"$SA_SRCDIR/bench/village.sh" 20 x >/dev/null 2>&1
[ $? -eq 2 ] || fail "village.sh with a bad size does not exit 2"
REGIONS=$work/regions WORK=$work/bench JOBS=1 RSS_SLACK=10 STATIONAUDIT=$STATIONAUDIT \
  "$SA_SRCDIR/bench/village.sh" 20 60 >"$work/out" 2>"$work/err" ||
  fail "village.sh 20 60 failed: $(cat "$work/out" "$work/err")"
grep -q "^60 .* 60 .* 1 " "$work/out" || fail "village.sh: no row for 60 records at -j1: $(cat "$work/out")"
[ "$(grep -c ': MET$' "$work/out")" -eq 2 ] || fail "village.sh: want two targets MET: $(cat "$work/out")"
# The first N, the baseline of every ratio, is the median of three runs.
grep -q "^N=20 -j1: the median of 3 runs (user s: [0-9.]*, [0-9.]*, [0-9.]*)$" "$work/out" ||
  fail "village.sh: the first N is not the median of three runs: $(cat "$work/out")"
[ "$(grep -c "^20 .* 20 .* 1 " "$work/out")" -eq 1 ] || fail "village.sh: want one row for N=20"
! grep -q "^N=60 -j1: the median" "$work/out" || fail "village.sh: N=60 was run more than once"
FIRST_REPEAT=0 "$SA_SRCDIR/bench/village.sh" 20 >/dev/null 2>&1
[ $? -eq 2 ] || fail "village.sh with FIRST_REPEAT=0 does not exit 2"
[ ! -e "$work/bench" ] || fail "village.sh left its work folder"
[ $bad -eq 0 ] && echo "village: gen.py --national and bench/village.sh ok"
exit $bad
