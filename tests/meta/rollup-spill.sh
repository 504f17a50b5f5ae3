#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The JSON report's ranks and rollups (reports/rollup.c) spilled to a
# temporary file: a run of 3,000 stations over 3 provinces and some 200
# counties (bench/gen.py, with faults) gives the same report, byte for
# byte, kept in memory and spilled (STATIONAUDIT_ROLLUP_SPILL=1: a
# station a run, and 100, with -j2); the temporary file is never seen in
# $TMPDIR; and where $TMPDIR is not a folder the report fails with the
# reason, naming that folder (exit 4), and is not left behind.  Exit 77 (skipped) without
# python3.
set -u
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
command -v python3 >/dev/null || { echo "rollup-spill: no python3: skipped"; exit 77; }
. "$(dirname "$0")/common.sh"

python3 "$SA_SRCDIR/bench/gen.py" --count 3000 --seed 3 --format yaml-stream \
  --out "$work" -q || { echo "rollup-spill: gen.py failed"; exit 1; }
mkdir "$work/tmp"
# run OUT SPILL JOBS
run() {
  out=$1
  (cd "$work" && TMPDIR=$work/tmp STATIONAUDIT_ROLLUP_SPILL=$2 "$STATIONAUDIT" check \
    -s base -s chengdu --audit-date 2025-12-31 -q --no-progress -j "$3" \
    -f "json:$out" stations.yaml >/dev/null 2>"$out.err")
  rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "$out: exit $rc: $(cat "$work/$out.err")"
}
run whole.json "" 1
run one.json 1 1
run runs.json 100 2
cmp -s "$work/whole.json" "$work/one.json" || fail "spilled a station a run: the report differs"
cmp -s "$work/whole.json" "$work/runs.json" || fail "spilled in runs of 100: the report differs"
[ -z "$(ls -A "$work/tmp")" ] || fail "files left in TMPDIR: $(ls -A "$work/tmp")"

# The report compared has what spilling changes: many ranks and areas.
python3 - "$work/whole.json" <<'PY' || bad=1
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
ranks, roll = r['ranks'], r['rollups']
problems = []
if len(ranks) != 3000:
    problems.append('%d ranks, want 3000' % len(ranks))
if len({x['rank'] for x in ranks}) < 10 or not any(x['rank'] is None for x in ranks):
    problems.append('too few distinct ranks, or none unranked')
if len(roll['province']) < 3 or len(roll['county']) < 100:
    problems.append('too few areas: %d provinces, %d counties' % (len(roll['province']), len(roll['county'])))
if not any(g['stations'] > 1 and g['median_score'] is not None for g in roll['county']):
    problems.append('no county with a median of several stations')
for p in problems:
    print('rollup-spill: ' + p)
sys.exit(1 if problems else 0)
PY

(cd "$work" && TMPDIR=$work/missing STATIONAUDIT_ROLLUP_SPILL=10 "$STATIONAUDIT" check -s base \
  --audit-date 2025-12-31 -q --no-progress -f json:bad.json stations.yaml >/dev/null 2>"$work/err")
rc=$?
[ "$rc" = 4 ] || fail "no temporary file: exit $rc, want 4"
# The message names the folder that failed, not only the report.
grep -q "bad.json: cannot write the report.*: its temporary file in $work/missing: " "$work/err" ||
  fail "no temporary file: unexpected message: $(cat "$work/err")"
[ ! -e "$work/bad.json" ] || fail "no temporary file: the failed report was left"
[ "$bad" = 0 ] && echo "rollup-spill: ok"
exit "$bad"
