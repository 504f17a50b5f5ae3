# SPDX-License-Identifier: Apache-2.0
# The baseline: diff-basic's old report, where 420304117-S01 also failed
# SY-FU-01 (which this run does not: fixed, an absent SARIF result).
python3 - "$SRCDIR/tests/e2e/cases/diff-basic/old.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for rec in r["records"]:
    if rec["id"] == "420304117-S01":
        rec["findings"].append({"rule": "SY-FU-01", "status": "fail",
            "severity": "major", "file": "420304117-chengguan.xml",
            "line": 3, "column": None, "path": "/station/name",
            "message": "站点名称不规范", "actual": None, "expected": None})
with open("old.json", "w", encoding="utf-8") as f:
    json.dump(r, f, ensure_ascii=False)
PY
