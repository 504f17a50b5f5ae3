# SPDX-License-Identifier: Apache-2.0
# Shared by the coverage-* e2e cases' json.check (run with exec, with the
# runner's r, work, SRCDIR, argv and rerun): the run over an issuer's real
# division units with a few taken out names exactly those, as major
# findings of the issuer's coverage rule; the township-like units (400-599)
# it does not count are listed as information; with every unit covered
# the run passes.
import csv
import json
import os
import re
import subprocess


def coverage_units(prefix, extra=()):
    counted, similar = [], []
    with open(os.path.join(SRCDIR, "rules", "base", "data", "streets.csv"),
              encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            if not code.startswith(prefix):
                continue
            if int(code[6:9]) < 400 or code in extra:
                counted.append(code)
            else:
                similar.append(code)
    return counted, similar


def named(report, rule, severity):
    coll = report["records"][-1]
    assert coll["collection"], coll
    out = set()
    for f in coll["findings"]:
        if f["rule"] == rule and f["status"] == "fail":
            assert f["severity"] == severity, f
            out.add(re.search(r"\((\d{9})\)", f["message"]).group(1))
    return out


def write_stations(prefix, drop="", closed="", planned="", extra=""):
    with open(os.path.join(work, "stations.yaml"), "w") as f:
        subprocess.run(["sh", os.path.join(SRCDIR, "tests", "e2e",
                                           "coverage-stations.sh"),
                        prefix, drop, closed, planned, extra],
                       stdout=f, check=True, env=dict(os.environ,
                                                      SRCDIR=SRCDIR))


def reread():
    with open(os.path.join(work, "report.json"), encoding="utf-8") as f:
        return json.load(f)


def check_coverage(rule, prefix, units, missing, extra=()):
    counted, similar = coverage_units(prefix, extra)
    assert len(counted) == units, (len(counted), units)
    assert named(r, rule, "major") == set(missing), sorted(named(r, rule, "major"))
    assert named(r, "COVER-INFO-01", "info") == set(similar)
    assert r["summary"]["coverage_not_judged"] == 0, r["summary"]
    # Every unit covered: nothing at or above major fails, exit 0.
    write_stations(prefix, extra=" ".join(extra))
    status, out, err = rerun()
    assert status == 0, (status, out, err)
    full = reread()
    assert named(full, rule, "major") == set(), named(full, rule, "major")
