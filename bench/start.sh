#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/start.sh [--callgrind] [REPEAT] — start-up time of short runs (bench/README.md).
#
# Runs each of these REPEAT times (default 41) and prints the median, the
# fastest and the slowest wall time and the median CPU time (user +
# system) and peak RSS of one run:
#
#   check   one dossier (examples/420302001-wudanglu.yaml), the default
#           standards, no report (-q)
#   list    the bundled standards
#   explain one rule (BASE-ID-01)
#
# The busy 2-core build machine makes single runs jitter by tens of
# milliseconds: the median of many runs is the figure to keep, and the
# CPU time says what the run itself cost.  The runs alternate, so that a
# burst of load elsewhere falls on all of them alike.
#
# bench/start.sh --callgrind instead counts the instructions of one run
# of each under valgrind --tool=callgrind: a figure that load elsewhere
# does not change, to compare a change with its baseline on a busy
# machine.  Both ways, the division tables are read through their
# prebuilt indexes when make has written them beside the CSV files
# (rules/base/data/*.csv.idx; an in-tree build does), else scanned.
#
# Environment: STATIONAUDIT=./stationaudit (a libtool wrapper is bypassed:
# its shell start would be timed too), TARGET_CHECK_MS=50,
# TARGET_LIST_MS=100 (printed as MET or MISS against the median wall).
# Exits 1 if a run fails, 2 on bad usage.
set -u -o pipefail

case "${1:-}" in -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;; esac
CALLGRIND=
[ "${1:-}" = --callgrind ] && { CALLGRIND=1; shift; }
REPEAT=${1:-41}
case "$REPEAT" in ''|*[!0-9]*|0) echo "start.sh: REPEAT must be a number >= 1" >&2; exit 2;; esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
SA=${STATIONAUDIT:-$ROOT/stationaudit}
# A libtool wrapper script: run the real binary with the built library.
if [ -x "$ROOT/.libs/stationaudit" ] && [ "$SA" = "$ROOT/stationaudit" ] &&
   head -c 2 "$SA" | grep -q '#!'; then
    SA=$ROOT/.libs/stationaudit
    export LD_LIBRARY_PATH=$ROOT/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
[ -x "$SA" ] || { echo "start.sh: no binary at $SA (make first)" >&2; exit 2; }
export STATIONAUDIT_PATH=${STATIONAUDIT_PATH:-$ROOT/rules}
export STATIONAUDIT_SCHEMAS=${STATIONAUDIT_SCHEMAS:-$ROOT/schemas}
export LC_ALL=C

if [ -n "$CALLGRIND" ]; then
    command -v valgrind >/dev/null || { echo "start.sh: valgrind is not installed" >&2; exit 2; }
    ex=$ROOT/examples/420302001-wudanglu.yaml
    echo "| run | instructions (callgrind) |"
    echo "|---|---|"
    for run in "check:check -q $ex" "list:list" "explain:explain BASE-ID-01"; do
        # shellcheck disable=SC2086 # the run's words
        n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$SA" ${run#*:} 2>&1 >/dev/null |
            sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
        [ -n "$n" ] || { echo "start.sh: ${run%%:*} failed under valgrind" >&2; exit 1; }
        echo "| ${run%%:*} | $n |"
    done
    exit 0
fi

exec python3 - "$SA" "$REPEAT" "$ROOT" "${TARGET_CHECK_MS:-50}" \
    "${TARGET_LIST_MS:-100}" <<'EOF'
import os, subprocess, sys, time

sa, repeat, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
target = {"check": float(sys.argv[4]), "list": float(sys.argv[5])}
runs = [
    ("check", [sa, "check", "-q", os.path.join(root, "examples",
                                               "420302001-wudanglu.yaml")]),
    ("list", [sa, "list"]),
    ("explain", [sa, "explain", "BASE-ID-01"]),
]
got = {name: [] for name, _ in runs}
for _ in range(repeat):
    for name, argv in runs:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("start.sh: %s failed (%s)" % (name, " ".join(argv)))
        got[name].append((wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss))

def median(v):
    v = sorted(v)
    return v[len(v) // 2]

print("%d runs each, %d cores, load average %.1f" %
      (repeat, os.cpu_count(), os.getloadavg()[0]))
print("| run | median wall ms | fastest | slowest | median CPU ms | peak RSS MB | target |")
print("|---|---|---|---|---|---|---|")
for name, _ in runs:
    walls = [w for w, _, _ in got[name]]
    mw = median(walls) * 1000
    verdict = ""
    if name in target:
        verdict = "%s (<= %g ms)" % ("MET" if mw <= target[name] else "MISS",
                                     target[name])
    print("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s |" %
          (name, mw, min(walls) * 1000, max(walls) * 1000,
           median([c for _, c, _ in got[name]]) * 1000,
           median([r for _, _, r in got[name]]) / 1024, verdict))
EOF
