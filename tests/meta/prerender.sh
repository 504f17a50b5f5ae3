#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# With -j above 1 the workers make the JSON, CSV and JUnit reports'
# records and their one writer copies them (engine/run.c, prerender): the reports are the same,
# byte for byte, as with -j1, for a folder of files (YAML and XML) and a
# stream cut into parts, with every bundled standard a township meets;
# --stats says the workers made them; with a waiver ledger (which changes
# results after the audit) the writer makes them, and the report is
# still the -j1 one.  Exit 77 (skipped) without python3.
set -u
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
command -v python3 >/dev/null || { echo "prerender: no python3: skipped"; exit 77; }
. "$(dirname "$0")/common.sh"

python3 "$SA_SRCDIR/bench/gen.py" --count 1500 --seed 5 --faults 0.3 \
  --format yaml,xml,yaml-stream --out "$work" -q || { echo "prerender: gen.py failed"; exit 1; }
std="-s base -s chengdu -s suining -s tianjin"
# run NAME JOBS INPUT [ARGS...]: the JSON and CSV reports of one run
run() {
  name=$1 jobs=$2 input=$3
  shift 3
  # shellcheck disable=SC2086
  (cd "$work" && STATIONAUDIT_CUT=100000,200000 "$STATIONAUDIT" check $std \
    --audit-date 2025-12-31 -q --no-progress -j "$jobs" "$@" \
    -f "json:$name.json" -f "csv:$name.csv" -f "junit:$name.xml" "$input" >/dev/null 2>"$name.err")
  rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "$name: exit $rc: $(head -3 "$work/$name.err")"
}
for input in yaml xml stations.yaml; do
  tag=$(echo "$input" | tr -c 'a-z\n' '-')
  run "$tag-1" 1 "$input"
  run "$tag-3" 3 "$input" --stats
  cmp -s "$work/$tag-1.json" "$work/$tag-3.json" || fail "$input: the JSON report differs at -j3"
  cmp -s "$work/$tag-1.csv" "$work/$tag-3.csv" || fail "$input: the CSV report differs at -j3"
  cmp -s "$work/$tag-1.xml" "$work/$tag-3.xml" || fail "$input: the JUnit report differs at -j3"
  grep -q "of them made by workers" "$work/$tag-3.err" ||
    fail "$input: --stats does not show records made by the workers"
done
# A waiver changes a result after its audit: no record is made ahead.
cat >"$work/waivers.yaml" <<EOW
waivers:
  - record: "*"
    rule: "BASE-*"
    reason: test
    approver: test
    expires: 2030-01-01
EOW
run w-1 1 yaml --waivers waivers.yaml
run w-3 3 yaml --waivers waivers.yaml --stats
cmp -s "$work/w-1.json" "$work/w-3.json" || fail "with waivers: the JSON report differs at -j3"
cmp -s "$work/w-1.xml" "$work/w-3.xml" || fail "with waivers: the JUnit report differs at -j3"
grep -q '"waiver": {' "$work/w-3.json" || fail "with waivers: no finding was waived"
! grep -q "of them made by workers" "$work/w-3.err" ||
  fail "with waivers: the workers made records the waivers change"
[ -s "$work/yaml-1.json" ] && [ "$(wc -c <"$work/yaml-1.json")" -gt 100000 ] &&
  [ "$(grep -c '<failure ' "$work/yaml-1.xml")" -gt 100 ] ||
  fail "the reports compared are too small to prove anything"
# The per-rule JUnit layout numbers its suites as the writer meets them:
# made by the writer, the same at -j3.
run pr-1 1 yaml --junit-per-rule
run pr-3 3 yaml --junit-per-rule
cmp -s "$work/pr-1.xml" "$work/pr-3.xml" || fail "--junit-per-rule: the JUnit report differs at -j3"
[ "$bad" = 0 ] && echo "prerender: ok"
exit "$bad"
