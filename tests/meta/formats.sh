#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The reports against their formats' own definitions: junit with xmllint
# and tests/schemas/junit.xsd, svrl with xmllint and tests/schemas/svrl.rng,
# sarif with ajv and the SARIF 2.1.0 JSON schema (from npm, cached; this
# part is skipped when npm or the registry is unavailable), csv with
# Python's csv module; and every format byte-identical over two runs.
# Exit 1 when a check fails, else 77 (skipped, with a message) when the
# SARIF schema could not be had, else 0.
set -eu
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
export STATIONAUDIT_PATH="${STATIONAUDIT_PATH:-$SA_SRCDIR/rules}"
. "$(dirname "$0")/common.sh"
cd "$SA_SRCDIR"
bad=0 checked=0 skipped=""
dossiers="examples tests/e2e/cases/broken-yaml/420322101-tumen.yaml"
run() { # format file [extra args]
  fmt=$1 out=$2; shift 2
  # shellcheck disable=SC2086
  "$STATIONAUDIT" check -q --audit-date 2025-06-01 $dossiers -f "$fmt:$out" "$@" || [ $? -eq 3 ]  # a broken dossier: incomplete
}
for fmt in junit sarif github markdown csv svrl codequality; do
  run $fmt "$work/a.$fmt"
  run $fmt "$work/b.$fmt"
  if cmp -s "$work/a.$fmt" "$work/b.$fmt"; then checked=$((checked + 1))
  else echo "formats: $fmt differs between two runs"; bad=1; fi
done

if command -v xmllint >/dev/null 2>&1; then
  xmllint --noout --schema tests/schemas/junit.xsd "$work/a.junit" 2>"$work/err" || { cat "$work/err"; bad=1; }
  run junit "$work/r.junit" --junit-per-rule
  xmllint --noout --schema tests/schemas/junit.xsd "$work/r.junit" 2>"$work/err" || { cat "$work/err"; bad=1; }
  xmllint --noout --relaxng tests/schemas/svrl.rng "$work/a.svrl" 2>"$work/err" || { cat "$work/err"; bad=1; }
  # The schemas must refuse what they should, or they prove nothing.
  sed 's/tests="[0-9]*"/tests="-1"/' "$work/a.junit" >"$work/bad.junit"
  if xmllint --noout --schema tests/schemas/junit.xsd "$work/bad.junit" 2>/dev/null; then
    echo "formats: junit.xsd accepts a negative count"; bad=1; fi
  sed 's/svrl:fired-rule context="[^"]*"/svrl:fired-rule/' "$work/a.svrl" >"$work/bad.svrl"
  if xmllint --noout --relaxng tests/schemas/svrl.rng "$work/bad.svrl" 2>/dev/null; then
    echo "formats: svrl.rng accepts a fired-rule without context"; bad=1; fi
  # failed-assert/@id is an xsd:ID (ISO svrl.rnc): one id twice is invalid.
  sed 's/svrl:failed-assert id="[^"]*"/svrl:failed-assert id="SAME"/' "$work/a.svrl" >"$work/bad.svrl"
  if xmllint --noout --relaxng tests/schemas/svrl.rng "$work/bad.svrl" 2>/dev/null; then
    echo "formats: svrl.rng accepts a failed-assert id twice"; bad=1; fi
  checked=$((checked + 1))
else
  skipped="$skipped xmllint"
fi

if command -v python3 >/dev/null 2>&1; then
  run csv "$work/en.csv" --lang en --bom
  python3 - "$work/a.csv" "$work/en.csv" <<'PY' || bad=1
import csv, sys
for path, head, bom in ((sys.argv[1], "文件", False), (sys.argv[2], "file", True)):
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf") == bom, path + ": BOM"
    assert b"\n" not in raw.replace(b"\r\n", b""), path + ": bare LF outside cells"
    rows = list(csv.reader(open(path, encoding="utf-8-sig", newline=""), strict=True))
    assert rows[0][0] == head, rows[0]
    assert all(len(r) == len(rows[0]) for r in rows), path + ": ragged rows"
    assert len(rows) > 10, path + ": too few rows"
    for r in rows[1:]:
        for c in r:
            assert not c or c[0] not in "=+-@\t\r", path + ": formula cell " + c
PY
  # GitLab Code Quality: an array of issues with the fields GitLab reads.
  python3 - "$work/a.codequality" <<'PY' || bad=1
import json, sys
issues = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(issues, list) and len(issues) > 10, "codequality: too few issues"
for i in issues:
    assert isinstance(i["description"], str) and i["description"]
    assert isinstance(i["check_name"], str) and i["check_name"]
    assert len(i["fingerprint"]) == 64
    assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
    assert isinstance(i["location"]["path"], str)
    assert i["location"]["lines"]["begin"] >= 1
PY
  checked=$((checked + 1))
else
  skipped="$skipped python3"
fi

# What the CI servers refuse or merge, on the inputs that exposed it:
# a coverage run with the packs outside the working folder (as
# action.yml installs them), standard input, a waivers ledger with two
# stale waivers, a station given twice, a stream of records.
if command -v python3 >/dev/null 2>&1; then
  ci="$work/ci"
  mkdir -p "$ci/repo"
  cp examples/*.yaml examples/*.xml "$ci/repo/"
  w=tests/e2e/cases/waivers d=tests/e2e/cases/duplicate-station-any-run/d
  for layout in "" --junit-per-rule; do
    ( cd "$ci/repo" && STATIONAUDIT_PATH="$SA_SRCDIR/rules" "$STATIONAUDIT" check -q --audit-date 2025-06-01 \
        --region 4203 . -f sarif:../cov.sarif -f codequality:../cov.cq -f junit:../cov$layout.junit $layout ) ||
      [ $? -eq 1 ] || bad=1
  done
  "$STATIONAUDIT" check -q --audit-date 2025-06-01 - -f sarif:"$ci/in.sarif" -f github:"$ci/in.gh" -f junit:"$ci/in.junit" \
      <examples/420325101-jundian.yaml || [ $? -eq 1 ] || bad=1
  "$STATIONAUDIT" check -q -s shiyan --audit-date 2025-06-30 --waivers $w/ledger.yaml $w/420304117-chengguan.xml \
      $w/420325101-jundian.yaml -f sarif:"$ci/w.sarif" -f codequality:"$ci/w.cq" -f json:"$ci/w.json" || [ $? -eq 1 ] || bad=1
  "$STATIONAUDIT" check -q -s shiyan --audit-date 2025-06-30 --waivers $w/ledger.yaml $w/420304117-chengguan.xml \
      $w/420325101-jundian.yaml --baseline "$ci/w.json" -f sarif:"$ci/w2.sarif" || [ $? -eq 1 ] || bad=1
  "$STATIONAUDIT" check -q -s shiyan --audit-date 2025-06-30 --waivers $w/ledger.yaml $w/420304117-chengguan.xml \
      $w/420325101-jundian.yaml --lang en --baseline "$ci/w.json" -f sarif:"$ci/w-en.sarif" || [ $? -eq 1 ] || bad=1
  # A duplicate station, in the baseline and in the run: compared once, never exit 2.
  "$STATIONAUDIT" check --no-config -q -s base --audit-date 2025-06-30 -f json:"$ci/dup.json" \
      -f junit:"$ci/dup.junit" $d || [ $? -eq 1 ] || bad=1
  for base in "$ci/dup.json"; do
    "$STATIONAUDIT" check --no-config -q -s base --audit-date 2025-06-30 --baseline "$base" \
        -f json:"$ci/dup2.json" -f sarif:"$ci/dup2.sarif" $d 2>"$ci/dup.err" || [ $? -eq 1 ] || {
      echo "formats: --baseline with a duplicate station failed"; cat "$ci/dup.err"; bad=1; }
    if grep -q "stationaudit-" "$ci/dup.err"; then echo "formats: a temporary file named"; bad=1; fi
  done
  "$STATIONAUDIT" diff "$ci/dup.json" "$ci/dup.json" >/dev/null 2>"$ci/dup.err" || {
    echo "formats: diff refuses a report with a duplicate station"; cat "$ci/dup.err"; bad=1; }
  # Records without an id in one file; a rule failing on two nodes of one record.
  printf -- '---\nstation:\n  name: A\n---\nstation:\n  name: B\n' >"$ci/noid.yaml"
  sed 's/^\(  *phone: \).*/\1"12"/' examples/420325101-jundian.yaml >"$ci/phones.yaml"
  for layout in "" --junit-per-rule; do
    "$STATIONAUDIT" check --no-config -q -s base --audit-date 2025-06-30 -f junit:"$ci/stream$layout.junit" \
        $layout examples/stations-stream.yaml $d "$ci/noid.yaml" "$ci/phones.yaml" || [ $? -le 3 ] || bad=1
  done
  # 300 dossiers: a Markdown report GitHub still takes as a comment.
  mkdir -p "$ci/md"
  i=100
  while [ $i -lt 400 ]; do
    sed "s/420325101-S01/420325101-S$i/" examples/420325101-jundian.yaml >"$ci/md/s$i.yaml"
    i=$((i + 1))
  done
  "$STATIONAUDIT" check -q --audit-date 2025-06-01 "$ci/md" -f markdown:"$ci/big.md" || [ $? -eq 1 ] || bad=1
  "$STATIONAUDIT" check -q --audit-date 2025-06-01 examples --sarif-max 1 -f sarif:"$ci/max.sarif" || [ $? -eq 1 ] || bad=1
  # A fixed problem: an absent result with the fingerprint the alert has.
  mkdir -p "$ci/fix"
  cp "$ci/phones.yaml" "$ci/fix/st.yaml"
  ( cd "$ci/fix" && "$STATIONAUDIT" check --no-config -q -s base --audit-date 2025-06-30 st.yaml \
      -f json:old.json -f sarif:../fix-old.sarif ) || [ $? -eq 1 ] || bad=1
  cp examples/420325101-jundian.yaml "$ci/fix/st.yaml"
  ( cd "$ci/fix" && "$STATIONAUDIT" check --no-config -q -s base --audit-date 2025-06-30 st.yaml \
      --baseline old.json -f sarif:../fix-new.sarif ) || [ $? -eq 1 ] || bad=1
  python3 - "$ci" <<'PY' || bad=1
import json, os, sys, xml.etree.ElementTree as ET
ci = sys.argv[1]
def sarif(name):
    return json.load(open(os.path.join(ci, name), encoding="utf-8"))["runs"][0]
# GitHub drops a whole upload when one result has no physical location.
for name in ("cov.sarif", "in.sarif", "w.sarif", "w2.sarif", "dup2.sarif", "fix-new.sarif"):
    run = sarif(name)
    assert run["results"], name + ": no results"
    for r in run["results"]:
        loc = r.get("locations") or []
        assert loc and loc[0]["physicalLocation"]["artifactLocation"]["uri"], name + ": no location " + json.dumps(r)[:300]
        assert loc[0]["physicalLocation"].get("region", {}).get("startLine", 1) >= 1
# Standard input is named in words, never as a file "-".
gh = open(os.path.join(ci, "in.gh"), encoding="utf-8").read()
assert "::error" in gh and "file=-" not in gh, "github: standard input as a file -"
assert 'classname="-"' not in open(os.path.join(ci, "in.junit"), encoding="utf-8").read(), "junit: standard input as -"
# Two findings never share a fingerprint (GitHub and GitLab merge them).
for name in ("cov.sarif", "w.sarif"):
    fps = [r["partialFingerprints"]["stationaudit/v2"] for r in sarif(name)["results"]]
    assert len(fps) == len(set(fps)), name + ": a fingerprint twice"
for name in ("cov.cq", "w.cq"):
    fps = [i["fingerprint"] for i in json.load(open(os.path.join(ci, name), encoding="utf-8"))]
    assert len(fps) == len(set(fps)), name + ": a codequality fingerprint twice"
# An unchanged ledger is unchanged.
states = [r.get("baselineState") for r in sarif("w2.sarif")["results"] if r["ruleId"] == "SA-WAIVER"]
assert states and all(s == "unchanged" for s in states), "waivers against themselves: " + repr(states)
states = [r.get("baselineState") for r in sarif("w-en.sarif")["results"]]
assert states and "updated" not in states, "a Chinese baseline, an English run: " + repr(states)
# The copy of a station is no station added, its problems none new.
b = json.load(open(os.path.join(ci, "dup2.json"), encoding="utf-8"))
text = json.dumps(b.get("baseline", {}))
assert '"added": 0' in text or '"added"' not in text, "dup: the copy counted as added: " + text[:400]
md = open(os.path.join(ci, "big.md"), encoding="utf-8").read()
assert len(md) <= 65536, "markdown: %d characters, over GitHub's 65,536 for a comment" % len(md)
assert "另有" in md and md.rstrip().endswith("</details>"), "markdown: not cut at a row"
note = sarif("max.sarif")["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
assert "另有" in note and "left out" not in note, "sarif: an English notification in a Chinese run: " + note
# An absent result is the alert it closes: its fingerprint, its rule.
old = {r["partialFingerprints"]["stationaudit/v2"] for r in sarif("fix-old.sarif")["results"]}
run = sarif("fix-new.sarif")
absent = [r for r in run["results"] if r.get("baselineState") == "absent"]
assert absent, "fix: no absent result"
for r in absent:
    assert r["partialFingerprints"]["stationaudit/v2"] in old, "fix: absent result with a new fingerprint " + json.dumps(r)[:300]
    assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"], "fix: ruleIndex"
ids = [x["id"] for x in run["tool"]["driver"]["rules"]]
assert len(ids) == len(set(ids)), "fix: a rule twice in the driver"
# GitLab keys test cases by suite, classname and name, and keeps one.
for name in ("cov.junit", "cov--junit-per-rule.junit", "dup.junit", "stream.junit", "stream--junit-per-rule.junit"):
    seen = set()
    for suite in ET.parse(os.path.join(ci, name)).getroot().iter("testsuite"):
        for tc in suite.findall("testcase"):
            key = (suite.get("name"), tc.get("classname"), tc.get("name"))
            assert key not in seen, name + ": test case twice: " + repr(key)
            seen.add(key)
PY
  checked=$((checked + 1))
fi

# SARIF: the schema ships in @microsoft/jest-sarif (lib/schemas/
# sarif-2.1.0-rtm.5.json, the 2.1.0 schema, draft-04), checked with
# ajv-cli 3 (ajv 6 still reads draft-04).  Cached between runs.
cache="${SA_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stationaudit-test-npm}"
schema="$cache/package/lib/schemas/sarif-2.1.0-rtm.5.json"
ajv="$cache/node_modules/.bin/ajv"
if [ ! -x "$ajv" ] || [ ! -f "$schema" ]; then
  if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    mkdir -p "$cache"
    ( cd "$cache" &&
      timeout 300 npm install --prefix "$cache" --no-audit --no-fund --silent ajv-cli@3.3.0 >/dev/null 2>&1 &&
      timeout 120 npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1 &&
      tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json ) || true
  fi
fi
if [ -x "$ajv" ] && [ -f "$schema" ]; then
  # ajv-cli picks the parser by extension: .json.
  cp "$work/a.sarif" "$work/a.sarif.json"
  "$ajv" validate -s "$schema" -d "$work/a.sarif.json" --schema-id=id --errors=text >"$work/err" 2>&1 || { cat "$work/err"; bad=1; }
  printf '{"version": "2.1.0", "runs": [{"results": []}]}' >"$work/bad.sarif.json"
  if "$ajv" validate -s "$schema" -d "$work/bad.sarif.json" --schema-id=id >/dev/null 2>&1; then
    echo "formats: the SARIF schema accepts a run without tool"; bad=1; fi
  checked=$((checked + 1))
else
  echo "# formats: SARIF schema check skipped (npm, node or the registry unavailable)"
  skipped="$skipped sarif-schema"
fi

[ -n "$skipped" ] && echo "# formats: skipped:$skipped"
if [ $bad -ne 0 ]; then exit 1; fi
echo "formats: $checked checks passed"
case "$skipped" in *sarif-schema*) exit 77 ;; esac
