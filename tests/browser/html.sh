#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/browser/html.sh - the HTML report in a real browser.
#
# Audits the examples plus a dossier whose station name is hostile HTML
# and one that cannot be read, writes the HTML and JSON reports in one
# run, then opens a copy of the HTML report with tests/browser/harness.js
# added at its end in headless Chromium (file://, a #q= fragment that
# filters on the hostile name) and lets tests/browser/check.py compare
# the dumped DOM with the JSON report.  Also checks that two runs give
# the same bytes and keeps a screenshot in the build folder
# (tests/browser/html.png).  Then loads the report of 40,000 synthetic
# stations (scale.sh: every station counted, filters and sorts work; the
# load, filter and sort times are printed, and judged with BUDGET=1) and
# keeps its screenshot (tests/browser/scale.png).
#
# Environment: STATIONAUDIT, SA_SRCDIR, SA_BUILDDIR (as make check sets
# them); CHROMIUM to name the browser.  Exits 77 (skipped) without
# Chromium or python3.
set -eu

: "${STATIONAUDIT:?set STATIONAUDIT to the built stationaudit}"
SRCDIR=${SA_SRCDIR:-.}
BUILDDIR=${SA_BUILDDIR:-.}
here=$SRCDIR/tests/browser

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then chromium=$(command -v "$c"); break; fi
  done
fi
if [ -z "$chromium" ]; then
  echo "html.sh: SKIP: no Chromium (Debian package chromium; .ci/deps installs it)"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "html.sh: SKIP: no python3"
  exit 77
fi

work=$(mktemp -d)
# SA_BROWSER_KEEP=1 keeps the scratch folder (report, test copy, DOM).
if [ -n "${SA_BROWSER_KEEP:-}" ]; then
  echo "html.sh: keeping $work"
else
  trap 'rm -rf "$work"' EXIT INT TERM
fi
mkdir "$work/d"
cp "$SRCDIR"/examples/*.yaml "$SRCDIR"/examples/*.xml "$work/d/"

hostile_id=420302001-S99
hostile="<script>alert(1)</script>\"'&"
# The quiet example, renamed: its name is hostile HTML (YAML single
# quotes, '' is a quote).
sed -e "s/^  id: \"420302001-S01\"/  id: \"$hostile_id\"/" \
    -e "s/^  name: .*/  name: '<script>alert(1)<\/script>\"''\&'/" \
    "$SRCDIR/examples/420302001-wudanglu.yaml" > "$work/d/420302001-zz-hostile.yaml"
grep -q "$hostile_id" "$work/d/420302001-zz-hostile.yaml"
printf 'station: [unclosed\n' > "$work/d/zz-broken.yaml"

audit() { # out.html [out.json]
  # --profile graded: the grade chart needs grades (shiyan keeps them there)
  set -- -q --profile graded --audit-date 2025-06-30 -f "html:$1" ${2:+-f "json:$2"} "$work/d"
  rc=0
  "$STATIONAUDIT" check "$@" || rc=$?
  # zz-broken.yaml cannot be read: the audit is incomplete (3).
  if [ "$rc" -ne 3 ]; then
    echo "html.sh: stationaudit check exited $rc, expected 3"; exit 1
  fi
}
audit "$work/report.html" "$work/report.json"
audit "$work/again.html"
if ! cmp -s "$work/report.html" "$work/again.html"; then
  echo "html.sh: FAIL: two runs wrote different reports"; exit 1
fi

# The test copy: alert() leaves a mark instead of a dialog, and the
# harness runs after the page's own script.
{
  sed -n '1,/<head>/p' "$work/report.html"
  echo "<script>window.alert=function(){document.documentElement.setAttribute('data-alerted','1');};</script>"
  sed -n '/<head>/,/<\/main>/p' "$work/report.html" | sed 1d
  sed -n '/<\/main>/,$p' "$work/report.html" | sed 1d | sed '/<\/body>/,$d'
  echo "<script>"; cat "$here/harness.js"; echo "</script></body></html>"
} > "$work/test.html"

browse() { # output-option URL
  timeout 120 "$chromium" --headless --disable-gpu --no-sandbox \
    --no-first-run --no-default-browser-check --disable-extensions \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --virtual-time-budget=5000 --window-size=1400,1800 "$@" 2>"$work/chromium.err"
}
if ! browse --dump-dom "file://$work/test.html#q=%3Cscript%3Ealert(1)" > "$work/dom.html"; then
  echo "html.sh: FAIL: chromium failed:"; tail -20 "$work/chromium.err"; exit 1
fi

mkdir -p "$BUILDDIR/tests/browser"
browse --screenshot="$BUILDDIR/tests/browser/html.png" "file://$work/report.html" >/dev/null || true
if [ ! -s "$BUILDDIR/tests/browser/html.png" ]; then
  echo "html.sh: FAIL: no screenshot"; tail -20 "$work/chromium.err"; exit 1
fi
cp "$work/report.html" "$BUILDDIR/tests/browser/html.html"

python3 "$here/check.py" "$work/report.html" "$work/dom.html" \
  "$work/report.json" "$hostile_id" "$hostile"

# Year over year: a baseline where the quiet example had a bad phone number
# (so now it is fixed), a station that is gone since, and no hostile one
# (added since).  The page is checked as written and as Chromium shows it.
mkdir "$work/base"
cp "$SRCDIR"/examples/*.yaml "$SRCDIR"/examples/*.xml "$work/base/"
sed -i 's/^      phone: "13907191024"/      phone: "139"/' "$work/base/420302001-wudanglu.yaml"
sed -e 's/^  id: "420302001-S01"/  id: "420302001-S98"/' \
  "$SRCDIR/examples/420302001-wudanglu.yaml" > "$work/base/420302001-zz-gone.yaml"
"$STATIONAUDIT" check -q --audit-date 2025-06-30 -f "json:$work/base.json" \
  "$work/base" >/dev/null || true
rc=0
"$STATIONAUDIT" check -q --audit-date 2025-06-30 --baseline "$work/base.json" \
  -f "html:$work/yoy.html" "$work/d" >/dev/null 2>&1 || rc=$?
if [ "$rc" -ne 3 ]; then   # the same inputs as above: one is unreadable on purpose
  echo "html.sh: FAIL: check --baseline exited $rc, expected 3"; exit 1
fi
browse --dump-dom "file://$work/yoy.html#sev=yoy-fixed" > "$work/yoy-dom.html"
python3 "$here/check.py" --yoy "$work/yoy.html" "$work/yoy-dom.html" \
  420302001-S01 "$hostile_id" 420302001-S98

# A province: 40,000 stations load, filter and sort (scale.sh; its
# times are a benchmark: BUDGET=1 judges them; its screenshot is
# tests/browser/scale.png).
CHROMIUM=$chromium sh "$here/scale.sh" "${SA_SCALE_STATIONS:-40000}"
echo "html.sh: ok"
