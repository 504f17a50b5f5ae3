#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/village.sh [N...] — village scale (issue 16, point 4).
#
# For each N (default: 40000 160000 all; "all" is every township and every
# village, 661,925 dossiers) writes one YAML stream with bench/gen.py
# --national (N evenly spread divisions, the national mix of townships and
# villages), audits it with stationaudit -j1 and -j2, the standards in PACKS
# and the JSON, CSV, JUnit and SARIF reports written to files, checks that
# the reports are well-formed and hold every record, and prints wall time,
# user and system CPU time, peak RSS (GNU time -v) and their ratios to the
# first N.  It also writes as many bytes as the reports took with dd and
# prints dd's system time ("dd sys"): what the kernel alone charges for
# putting that much into the page cache, which grows faster than the bytes
# once several GB are dirty (this 2-core VM: 0.33 s a GB at 0.46 GB,
# 1.9 s a GB at 7.3 GB).  Then the targets, judged against the first N
# (40,000):
#   time   ≤ 17 × at 16.5 × the records, i.e. ≤ 1.03 × linear in N
#          (judged on user CPU time: the program's own work, which other
#          load on the machine does not inflate as much as the wall time,
#          and which leaves out the kernel's writing of GBs of reports that
#          "dd sys" shows; wall and user + sys are shown too);
#   memory peak RSS flat for the record rules: ≤ RSS_SLACK × the first
#          N's + RANK_BYTES a record more (0: the JSON report's ranks and
#          rollups are kept in a temporary file past 65,536 stations); the
#          growth is shown as bytes a record, and "rank B/r" is the JSON
#          report's ranks a record.
# Exits 1 if a run fails, a report is malformed or a target is missed, 2 on
# bad usage or a missing essential (python3, GNU time, the region tables).
#
# Environment (all optional):
#   PACKS="base chengdu tianjin"   the standards: base (national) and the
#                                  bundled standards whose records include
#                                  village stations (村/社区)
#   RULES=record                   record: the standards' collection rules
#                                  (coverage, shares over all records) are
#                                  disabled, as they keep a projection of
#                                  every record; all: they run too
#   RANK_BYTES=0                   what the memory target allows a record
#                                  beyond RSS_SLACK (128 was the JSON
#                                  report's rank and rollup entry while it
#                                  was kept in memory)
#   JOBS="1 2"                     stationaudit -j values
#   SEED=1 FAULTS=0.1              generator settings
#   REGIONS=DIR                    the national statistical division
#                                  tables, provinces to villages (with
#                                  villages.csv.gz; rules/base/data has no
#                                  village names); default: the folder
#                                  shared/data/regions beside the checkout
#   RSS_SLACK=1.25                 the memory target's allowance
#   AUDIT_DATE=2025-12-31
#   STATIONAUDIT=./stationaudit    the binary under test
#   WORK=DIR                       work folder (default: a new temporary one;
#                                  a stream already generated there with the
#                                  same settings is reused)
#   KEEP=1                         keep the work folder (the streams)
#   KEEP_REPORTS=1                 keep the reports too (several GB at all)
#   FIRST_REPEAT=3                 runs of the first N (the baseline every
#                                  ratio divides by): its median is used,
#                                  since one run of the 40,000 records
#                                  varied by 40 % on this VM (8.5-12.1 s
#                                  user) and moved the time ratio across
#                                  its limit; the larger N run once
set -u -o pipefail

usage() { sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in -h|--help) usage; exit 0;; esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
SA=${STATIONAUDIT:-$ROOT/stationaudit}
PACKS=${PACKS:-base chengdu tianjin}
JOBS=${JOBS:-1 2}
SEED=${SEED:-1}
FAULTS=${FAULTS:-0.1}
RSS_SLACK=${RSS_SLACK:-1.25}
RANK_BYTES=${RANK_BYTES:-0}
RULES=${RULES:-record}
AUDIT_DATE=${AUDIT_DATE:-2025-12-31}
REGIONS=${REGIONS:-$(dirname "$ROOT")/shared/data/regions}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(40000 160000 all)
export STATIONAUDIT_PATH=${STATIONAUDIT_PATH:-$ROOT/rules}
export STATIONAUDIT_SCHEMAS=${STATIONAUDIT_SCHEMAS:-$ROOT/schemas}
export LC_ALL=C

say() { printf '%s\n' "village.sh: $*" >&2; }
die() { say "$*"; exit 2; }

for n in "${SIZES[@]}"; do
    case "$n" in all) ;; ''|*[!0-9]*|0) say "N must be a positive number or 'all', not '$n'"; usage >&2; exit 2;; esac
done
command -v python3 >/dev/null || die "python3 is needed"
[ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null || die "GNU time (/usr/bin/time -v) is needed"
[ -x "$SA" ] || die "no stationaudit at $SA (build it, or set STATIONAUDIT)"
[ -f "$REGIONS/villages.csv.gz" ] || die "no $REGIONS/villages.csv.gz (set REGIONS to the folder of the division tables)"
command -v xmllint >/dev/null || die "xmllint is needed to check the JUnit report"

if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK" || exit 2
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/stationaudit-village.XXXXXX") || exit 2
fi
WORK=$(cd "$WORK" && pwd)
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else say "kept $WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The ids of the collection rules of PACKS and of the standards they
# extend, one a line (the bundled packs write "- id:" and "scope:" at the
# rule's indentation).
collection_rules() {
    python3 - "$STATIONAUDIT_PATH" $PACKS <<'PY'
import os, re, sys
path, todo, seen, out = sys.argv[1].split(':'), sys.argv[2:], set(), []
while todo:
    p = todo.pop()
    if p in seen:
        continue
    seen.add(p)
    f = p if p.endswith('.yaml') else next(
        (os.path.join(d, p, 'pack.yaml') for d in path if os.path.isfile(os.path.join(d, p, 'pack.yaml'))), None)
    if f is None:
        sys.exit('village.sh: no standard %r in STATIONAUDIT_PATH' % p)
    rule = None
    for line in open(f, encoding='utf-8'):
        m = re.match(r'\s*extends:\s*\[(.*)\]', line)
        if m:
            todo += [x.strip() for x in m.group(1).split(',') if x.strip()]
        m = re.match(r'\s*- id:\s*(\S+)', line)
        if m:
            rule = m.group(1)
        if re.match(r'\s*scope:\s*collection\b', line) and rule:
            out.append(rule)
print('\n'.join(sorted(set(out))))
PY
}

SFLAGS=()
for p in $PACKS; do SFLAGS+=(-s "$p"); done
# The city standards bind their own city's stations only (jurisdiction);
# the scale test applies their record rules to every station of the
# country, as it did before they had one.
for p in $PACKS; do
    for d in ${STATIONAUDIT_PATH//:/ }; do
        if grep -q '^  jurisdiction:' "$d/$p/pack.yaml" 2>/dev/null; then
            SFLAGS+=(--param "jurisdiction_$p="); break
        fi
    done
done
case "$RULES" in
    record) DISABLED=$(collection_rules) || exit 2
            for r in $DISABLED; do SFLAGS+=(--disable "$r"); done
            say "record rules only: disabled the collection rules" $DISABLED;;
    all) ;;
    *) die "RULES must be record or all";;
esac
FAILED=0
ROWS=$WORK/rows.tsv; : >"$ROWS"     # n records j wall user sys rss_kb rank_bytes report_kb dd_sys

# gen N: the stream of N divisions in $WORK/N (reused when its settings match)
gen() {
    local n=$1 d=$WORK/$1 stamp count=()
    stamp="seed=$SEED faults=$FAULTS n=$n regions=$REGIONS gen=$(cksum <"$HERE/gen.py")"
    if [ -f "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$stamp" ]; then
        say "N=$n: reusing $d/stations.yaml"
        return 0
    fi
    [ "$n" = all ] || count=(--count "$n")
    say "N=$n: generating"
    rm -rf "$d"
    python3 "$HERE/gen.py" --national "${count[@]}" --seed "$SEED" --faults "$FAULTS" \
        --regions "$REGIONS" --format yaml-stream --out "$d" -q || die "gen.py failed"
    printf '%s\n' "$stamp" >"$d/stamp"
}

# check_reports DIR RECORDS: the reports are well-formed and hold RECORDS
# stations; prints the JSON report's ranks size in bytes a record
check_reports() {
    python3 - "$1" "$2" <<'PY'
import csv, json, sys
d, want = sys.argv[1], int(sys.argv[2])
bad = []

def json_report(path):
    """Parses the report without holding its records: the text before and
    after the records array is parsed whole (with the array emptied), each
    record on its own as it is read."""
    dec = json.JSONDecoder()
    with open(path, encoding='utf-8') as f:
        head = []
        for line in f:
            head.append(line)
            if line.startswith('  "records": ['):
                break
        else:
            raise ValueError('no records array')
        buf, n, stations = '', 0, 0
        while True:
            i = 0
            while True:
                while i < len(buf) and buf[i] in ' \t\r\n,':
                    i += 1
                if i < len(buf) and buf[i] == ']':
                    break
                try:
                    rec, j = dec.raw_decode(buf, i)
                except ValueError:
                    break                           # needs more text
                n += 1
                stations += not rec.get('collection')
                i = j
            buf = buf[i:]
            if buf.startswith(']'):
                break
            more = f.read(1 << 20)
            if not more:
                raise ValueError('the records array is cut short after %d records' % n)
            buf += more
        tail = buf + f.read()
    doc = json.loads(''.join(head) + tail)
    ranks = tail.find('"ranks"')
    rollups = tail.find('"rollups"')
    return doc, stations, (rollups - ranks if 0 <= ranks < rollups else 0)

try:
    doc, stations, rank_bytes = json_report(d + '/r.json')
    if stations != want or doc['summary']['records'] != want:
        bad.append('JSON: %d station records, summary.records %d, want %d'
                   % (stations, doc['summary']['records'], want))
except (ValueError, KeyError) as e:
    bad.append('JSON: %s' % e)
    rank_bytes = 0

try:
    with open(d + '/r.csv', encoding='utf-8', newline='') as f:
        rows = csv.reader(f)
        width = len(next(rows))
        ids, last = 0, None
        for k, row in enumerate(rows, 2):
            if len(row) != width:
                raise ValueError('line %d has %d fields, the header %d' % (k, len(row), width))
            if row[3] != last and row[3] != '(collection)':
                ids, last = ids + 1, row[3]
        if ids > want:
            raise ValueError('%d record ids, more than the %d records' % (ids, want))
except (ValueError, StopIteration, csv.Error) as e:
    bad.append('CSV: %s' % e)

try:
    with open(d + '/r.sarif', encoding='utf-8') as f:
        sarif = json.load(f)
    if not sarif['runs'][0]['results']:
        raise ValueError('no results')
except (ValueError, KeyError, IndexError) as e:
    bad.append('SARIF: %s' % e)

try:
    cases = 0
    with open(d + '/r.xml', encoding='utf-8') as f:
        for line in f:
            if '<testcase ' in line and 'name="(collection)"' not in line:
                cases += 1
    if cases != want:
        raise ValueError('%d test cases for %d records' % (cases, want))
except ValueError as e:
    bad.append('JUnit: %s' % e)

for b in bad:
    print('village.sh: report check: ' + b, file=sys.stderr)
print(rank_bytes // max(want, 1))
sys.exit(1 if bad else 0)
PY
}

# run N J: one timed audit of $WORK/N/stations.yaml with -jJ
run() {
    local n=$1 j=$2 d=$WORK/$1 o=$WORK/$1/j$2 rc records wall user sys rss rb kb ddsys
    records=$(wc -l <"$d/ids.txt")
    rm -rf "$o"; mkdir -p "$o"
    say "N=$n ($records records): stationaudit -j$j"
    (cd "$d" && /usr/bin/time -v -o "$o/time" "$SA" check "${SFLAGS[@]}" --audit-date "$AUDIT_DATE" \
        -q --no-progress -j "$j" -f "json:$o/r.json" -f "csv:$o/r.csv" -f "junit:$o/r.xml" \
        -f "sarif:$o/r.sarif" stations.yaml >"$o/out" 2>"$o/err")
    rc=$?
    if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
        say "stationaudit exited with status $rc: $(head -c 400 "$o/err" | tr '\n' ' ')"
        FAILED=1; return
    fi
    if ! xmllint --stream --noout "$o/r.xml" 2>"$o/xmllint"; then
        say "JUnit report is not well-formed: $(head -c 300 "$o/xmllint")"; FAILED=1
    fi
    if ! rb=$(check_reports "$o" "$records"); then FAILED=1; fi
    read -r wall user sys rss < <(awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
        END { printf "%.2f %.2f %.2f %d\n", w, u, s, m }' "$o/time")
    kb=$(du -sk "$o" | cut -f1)
    [ -n "${KEEP_REPORTS:-}" ] || rm -f "$o"/r.*
    # the kernel's part: the same number of bytes written by dd, in the
    # 22 KB writes the reports are written in
    ddsys=$( { /usr/bin/time -f '%S' dd if=/dev/zero of="$o/dd" bs=22528 count=$((kb / 22 + 1)) \
        status=none; } 2>&1 | tail -n 1)
    rm -f "$o/dd"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$records" "$j" "$wall" "$user" "$sys" \
        "$rss" "${rb:-0}" "$kb" "${ddsys:-0}" >>"$ROWS"
}

FIRST_REPEAT=${FIRST_REPEAT:-3}
case $FIRST_REPEAT in ''|*[!0-9]*|0) die "FIRST_REPEAT must be a positive number";; esac
for n in "${SIZES[@]}"; do
    gen "$n"
    times=1
    [ "$n" = "${SIZES[0]}" ] && times=$FIRST_REPEAT
    for j in $JOBS; do
        for _ in $(seq "$times"); do run "$n" "$j"; done
    done
done

python3 - "$ROWS" "$RSS_SLACK" "$PACKS" "$(nproc)" "$RULES" "$RANK_BYTES" <<'PY' || FAILED=1
import sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
slack, packs, cores, rules, rank_bytes = float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
print('village scale: one YAML stream, standards %s (%s rules), reports JSON+CSV+JUnit+SARIF to files; %s cores'
      % (packs, rules, cores))
print('%-8s %8s %3s %8s %8s %7s %7s %9s %7s %7s %7s %7s %7s %9s' % (
    'N', 'records', '-j', 'wall s', 'user s', 'sys s', 'dd sys', 'reports', 'RSS MB', 'x recs', 'x wall',
    'x user', 'x RSS', 'rank B/r'))
first = {}
miss = 0
for r in rows:
    r[1:] = [float(x) for x in r[1:]]
    r[2] = int(r[2])
# Several runs of one (N, -j): each measure's median (the middle run of
# an odd number), and how many runs it was taken from.
def median(xs):
    xs = sorted(xs)
    k = len(xs)
    return xs[k // 2] if k % 2 else (xs[k // 2 - 1] + xs[k // 2]) / 2
groups, runs, notes = {}, {}, []
for r in rows:
    key = (r[0], r[2])
    if key not in groups:
        groups[key] = []
    groups[key].append(r)
rows = []
for key, rs in groups.items():
    runs[key] = len(rs)
    rows.append([key[0]] + [median([r[c] for r in rs]) for c in range(1, len(rs[0]))])
    rows[-1][2] = int(rows[-1][2])
    if len(rs) > 1:
        notes.append('N=%s -j%d: the median of %d runs (user s: %s)' % (key[0], key[1], len(rs),
                     ', '.join('%.2f' % r[4] for r in rs)))
for n, recs, j, wall, user, sys_, rss, rb, kb, dd in rows:
    b = first.setdefault(j, (recs, wall, user, sys_, rss))
    print('%-8s %8d %3d %8.2f %8.2f %7.2f %7.2f %6.2f GB %7.1f %7.2f %7.2f %7.2f %7.2f %9d' % (
        n, recs, j, wall, user, sys_, dd, kb / 1048576, rss / 1024, recs / b[0], wall / max(b[1], 1e-9),
        user / max(b[2], 1e-9), rss / max(b[4], 1), rb))
for note in notes:
    print(note)
print()
for n, recs, j, wall, user, sys_, rss, rb, kb, dd in rows:
    b = first[j]
    if recs == b[0]:
        continue
    limit = 17 / 16.5 * recs / b[0]          # 17 x at 16.5 x the records
    t_ok = user <= limit * b[2]
    m_limit = slack * b[4] + rank_bytes * (recs - b[0]) / 1024
    m_ok = rss <= m_limit
    grow = (rss - b[4]) * 1024 / (recs - b[0])
    print('N=%s -j%s: time %.2f x the first N (user cpu; user + sys %.2f x, wall %.2f x) for %.2f x the '
          'records, limit %.2f x: %s' % (n, j, user / b[2], (user + sys_) / max(b[2] + b[3], 1e-9),
                                         wall / b[1], recs / b[0], limit, 'MET' if t_ok else 'MISS'))
    print('N=%s -j%s: peak RSS %.1f MB, %.2f x the first N (%+.0f bytes a record), limit %.1f MB: %s'
          % (n, j, rss / 1024, rss / b[4], grow, m_limit / 1024, 'MET' if m_ok else 'MISS'))
    miss += (not t_ok) + (not m_ok)
sys.exit(1 if miss else 0)
PY

[ "$FAILED" = 0 ] || { say "FAILED (see above)"; exit 1; }
exit 0
