#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/run.sh [N] — the stationaudit benchmark (bench/README.md).
#
# Generates N dossiers (bench/gen.py) in a temporary folder as YAML files,
# XML files, a YAML stream and an XML <stations> stream; runs the parse-only
# floors (bench/floor.c: libyaml events, libxml2 SAX), stationaudit -j1/-j2
# with bench/pack.yaml, xmllint --schematron, xsltproc and Spectral with the
# translations in bench/peers/; checks that every tool finds exactly the
# (station, check) violations the generator injected; prints wall time, peak
# RSS and the ratio to stationaudit -j1.  Exits 1 if a tool disagrees or
# fails, 2 on bad usage or a missing essential (python3, stationaudit).
#
# Environment (all optional):
#   SEED=1 FAULTS=0.1 REGION=          generator settings (REGION: code prefix)
#   JOBS="1 2 4 ... NPROC"             stationaudit -j values and the peers'
#                                      xargs -P values (default: powers of
#                                      two up to the cores present, and them)
#   PEER_BATCH=1000                    files per peer process under xargs -P
#   PEERS="xmllint xsltproc spectral"  peers to run; SKIP_PEERS=1 runs none
#   SKIP_SPECTRAL=1 SKIP_XMLLINT=1 SKIP_XSLTPROC=1   skip one peer
#   SPECTRAL_N=min(N,1000)             dossiers for Spectral (slow: ~15 ms each)
#   SPECTRAL_FORM=yaml                 yaml or json files for Spectral
#   SKIP_STREAMS=1                     no YAML/XML stream runs
#   SKIP_FLOOR=1                       no parse-only floors
#   NO_REPORT_RUNS=0                   also time stationaudit without a report (1 = yes, default)
#   REPEAT=1                           runs per measurement; the fastest is shown
#   NO_INSTALL=1                       never install anything (apt-get, npm)
#   STATIONAUDIT=./stationaudit        the binary under test
#   WORK=DIR                           work folder (default: a new temporary one)
#   KEEP=1                             keep the work folder
#   BENCH_CACHE=~/.cache/stationaudit-bench   where Spectral is installed
#   GNU_TIME=/usr/bin/time             GNU time (bench/device.sh passes a carried one)
#   FLOOR_BIN=                         a prebuilt bench/floor.c (else built with cc)
set -u -o pipefail

usage() { sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
case "${1:-}" in -h|--help) usage; exit 0;; esac
N=${1:-40000}
case "$N" in ''|*[!0-9]*) echo "run.sh: N must be a number" >&2; usage >&2; exit 2;; esac
[ "$N" -ge 1 ] || { echo "run.sh: N must be at least 1" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
SA=${STATIONAUDIT:-$ROOT/stationaudit}
SEED=${SEED:-1}
FAULTS=${FAULTS:-0.1}
REGION=${REGION:-}
default_jobs() {
    local n j=1 out=
    n=$(nproc 2>/dev/null || echo 2)
    while [ "$j" -lt "$n" ]; do out="$out $j"; j=$((j * 2)); done
    echo "$out $n"
}
JOBS=${JOBS:-$(default_jobs)}
PEER_BATCH=${PEER_BATCH:-1000}
PEERS=${PEERS:-xmllint xsltproc spectral}
[ -n "${SKIP_PEERS:-}" ] && PEERS=
[ -n "${SKIP_SPECTRAL:-}" ] && PEERS=${PEERS//spectral/}
[ -n "${SKIP_XMLLINT:-}" ] && PEERS=${PEERS//xmllint/}
[ -n "${SKIP_XSLTPROC:-}" ] && PEERS=${PEERS//xsltproc/}
SPECTRAL_N=${SPECTRAL_N:-$(( N < 1000 ? N : 1000 ))}
[ "$SPECTRAL_N" -gt "$N" ] && SPECTRAL_N=$N
SPECTRAL_FORM=${SPECTRAL_FORM:-yaml}
REPEAT=${REPEAT:-1}
NO_REPORT_RUNS=${NO_REPORT_RUNS:-1}
CACHE=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stationaudit-bench}
export STATIONAUDIT_PATH=${STATIONAUDIT_PATH:-$ROOT/rules}
export STATIONAUDIT_SCHEMAS=${STATIONAUDIT_SCHEMAS:-$ROOT/schemas}
export LC_ALL=C

say() { printf '%s\n' "run.sh: $*" >&2; }

if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK" || exit 2
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/stationaudit-bench.XXXXXX") || exit 2
fi
WORK=$(cd "$WORK" && pwd)
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else say "kept $WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- installs

SUDO=
can_install() {
    [ -z "${NO_INSTALL:-}" ] || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$(id -u)" = 0 ]; then SUDO=; return 0; fi
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && { SUDO=sudo; return 0; }
    return 1
}
APT_UPDATED=
apt_install() {
    can_install || return 1
    say "installing $* (apt-get)"
    if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >>"$WORK/install.log" 2>&1; then
        [ -n "$APT_UPDATED" ] && return 1
        APT_UPDATED=1
        $SUDO apt-get update -q >>"$WORK/install.log" 2>&1
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >>"$WORK/install.log" 2>&1 || return 1
    fi
}

command -v python3 >/dev/null 2>&1 || { say "python3 is needed"; exit 2; }
[ -x "$SA" ] || { say "no stationaudit at $SA (build it: make -j2)"; exit 2; }
# Run a snapshot of the binary: a build in the source tree (make relinks
# .libs/ while others work) must not pull it away in the middle of a run.
SA_CMD=("$SA")
SA_LIBS=$(dirname "$SA")/.libs
if grep -q libtool "$SA" 2>/dev/null && [ -x "$SA_LIBS/$(basename "$SA")" ]; then
    for try in 1 2 3 4 5 6 7 8 9 10; do
        rm -rf "$WORK/bin" && mkdir -p "$WORK/bin" &&
        cp "$SA_LIBS/$(basename "$SA")" "$SA_LIBS"/libstationaudit.so* "$WORK/bin/" 2>/dev/null &&
        SA_CMD=(env "LD_LIBRARY_PATH=$WORK/bin" "$WORK/bin/$(basename "$SA")") &&
        "${SA_CMD[@]}" lint "$HERE/pack.yaml" >/dev/null 2>&1 && break
        SA_CMD=()
        say "stationaudit in $SA_LIBS does not run (a build in progress?); retrying in 5 s"
        sleep 5
    done
    [ ${#SA_CMD[@]} -gt 0 ] || { say "cannot snapshot a working stationaudit from $SA_LIBS"; exit 2; }
fi
"${SA_CMD[@]}" lint "$HERE/pack.yaml" >/dev/null || { say "bench/pack.yaml does not lint"; exit 2; }
SA_ID=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
GNU_TIME=${GNU_TIME:-/usr/bin/time}
[ -x "$GNU_TIME" ] || apt_install time || { say "GNU time ($GNU_TIME) is needed: apt-get install time"; exit 2; }

have_floor=
if [ -z "${SKIP_FLOOR:-}" ]; then
    build_floor() {
        local flags
        flags=$(pkg-config --cflags --libs libxml-2.0 2>/dev/null) || flags="-I/usr/include/libxml2 -lxml2"
        cc -O2 -o "$WORK/floor" "$HERE/floor.c" $flags -lyaml >>"$WORK/build.log" 2>&1
    }
    if [ -n "${FLOOR_BIN:-}" ]; then
        cp "$FLOOR_BIN" "$WORK/floor" && have_floor=1
    elif command -v cc >/dev/null 2>&1 && build_floor; then
        have_floor=1
    elif apt_install gcc libc6-dev pkg-config libyaml-dev libxml2-dev && build_floor; then
        have_floor=1
    else
        say "skipping the parse-only floors: cannot build bench/floor.c (needs cc, libyaml-dev, libxml2-dev; $WORK/build.log)"
    fi
fi

has_peer() { case " $PEERS " in *" $1 "*) return 0;; esac; return 1; }
if has_peer xmllint && ! command -v xmllint >/dev/null 2>&1; then
    apt_install libxml2-utils || { say "skipping xmllint: not installed and cannot install libxml2-utils"; PEERS=${PEERS//xmllint/}; }
fi
if has_peer xsltproc && ! command -v xsltproc >/dev/null 2>&1; then
    apt_install xsltproc || { say "skipping xsltproc: not installed and cannot install it"; PEERS=${PEERS//xsltproc/}; }
fi
SPECTRAL=
if has_peer spectral; then
    if [ -n "${SPECTRAL_BIN:-}" ]; then
        SPECTRAL=$SPECTRAL_BIN
    elif command -v spectral >/dev/null 2>&1; then
        SPECTRAL=$(command -v spectral)
    elif [ -x "$CACHE/spectral/node_modules/.bin/spectral" ]; then
        SPECTRAL=$CACHE/spectral/node_modules/.bin/spectral
    elif [ -z "${NO_INSTALL:-}" ] && command -v npm >/dev/null 2>&1; then
        say "installing @stoplight/spectral-cli into $CACHE/spectral (npm)"
        mkdir -p "$CACHE/spectral" &&
        (cd "$CACHE/spectral" && npm install --no-audit --no-fund --prefix . @stoplight/spectral-cli@6 >>"$WORK/install.log" 2>&1) &&
        SPECTRAL=$CACHE/spectral/node_modules/.bin/spectral
    fi
    if [ -z "$SPECTRAL" ] || ! "$SPECTRAL" --version >/dev/null 2>&1; then
        say "skipping Spectral: not installed and cannot install @stoplight/spectral-cli (needs node and npm)"
        SPECTRAL=; PEERS=${PEERS//spectral/}
    fi
fi

# ---------------------------------------------------------------- data

nproc_=$(nproc 2>/dev/null || echo '?')
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null; }
LOAD_START=$(load)
say "work folder $WORK; $nproc_ cores; load average $LOAD_START"

formats=yaml,xml
[ -z "${SKIP_STREAMS:-}" ] && formats=$formats,yaml-stream,xml-stream
say "generating $N dossiers ($formats, seed $SEED, faults $FAULTS)"
python3 "$HERE/gen.py" --count "$N" --seed "$SEED" --faults "$FAULTS" ${REGION:+--region "$REGION"} \
    --format "$formats" --out "$WORK/data" || { say "gen.py failed"; exit 2; }
D=$WORK/data
SPD=
if [ -n "$SPECTRAL" ]; then
    if [ "$SPECTRAL_N" = "$N" ] && [ "$SPECTRAL_FORM" = yaml ]; then
        SPD=$D; SPFILES=$D/yaml
    else
        SPD=$WORK/spectral-data
        python3 "$HERE/gen.py" --count "$SPECTRAL_N" --seed "$SEED" --faults "$FAULTS" ${REGION:+--region "$REGION"} \
            --format "$SPECTRAL_FORM" --out "$SPD" -q || { say "gen.py failed"; exit 2; }
        SPFILES=$SPD
    fi
fi
# write the generated files out first (the first timed runs must not share
# the disk and a core with their writeback), then warm the page cache so
# that every tool reads from memory
sync
find "$WORK" -type f -name '*.*' -exec cat {} + >/dev/null

mapfile -t YFILES < <(sed 's/$/.yaml/' "$D/ids.txt")
mapfile -t XFILES < <(sed 's/$/.xml/' "$D/ids.txt")

# ---------------------------------------------------------------- runs

ROWS=()          # name|input|n|wall|rss_kb|agreement|cpu (user+sys)
FAILED=0
RUN_RC=0; RUN_WALL=; RUN_RSS=; RUN_CPU=

# timed OUTBASE CMD...: run CMD in the current folder REPEAT times under GNU
# time; keep the fastest wall time (and its peak RSS), and the least user+sys
# CPU time (on a machine that others use, CPU time says more than wall
# time); stdout and stderr of the last run in OUTBASE.out / OUTBASE.err.
timed() {
    local base=$1; shift
    local i w m u s c best= bestm= bestc=
    for ((i = 0; i < REPEAT; i++)); do
        "$GNU_TIME" -f '%e %M %U %S' -o "$base.time" "$@" >"$base.out" 2>"$base.err"
        RUN_RC=$?
        read -r w m u s < <(tail -n 1 "$base.time")
        c=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u + s}')
        if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$w; bestm=$m; fi
        if [ -z "$bestc" ] || awk -v a="$c" -v b="$bestc" 'BEGIN{exit !(a < b)}'; then bestc=$c; fi
    done
    RUN_WALL=$best; RUN_RSS=$bestm; RUN_CPU=$bestc
}

row() { ROWS+=("$1|$2|$3|$RUN_WALL|$RUN_RSS|$4|$RUN_CPU"); }

# timed_xargs OUTBASE J FD OKRC CMD...: in the current folder, run CMD over
# the XML files as a user would spread it over J cores: xargs -P J, at most
# PEER_BATCH files a process.  Each process writes its output (FD 1:
# standard output, 2: standard error) to a file of its own, so that lines
# of parallel processes cannot interleave; they are joined into
# OUTBASE.out / OUTBASE.err after the timed run.  A process's exit status
# OKRC (a peer's "violations found") counts as success.  Peak RSS is that
# of the largest single process.
timed_xargs() {
    local base=$1 j=$2 fd=$3 okrc=$4; shift 4
    local n=$(( (${#XFILES[@]} + j - 1) / j ))
    [ "$n" -gt "$PEER_BATCH" ] && n=$PEER_BATCH
    printf '%s\0' "${XFILES[@]}" >"$base.list"
    cat >"$base.sh" <<'SH'
# one batch: PARTS FD OKRC NCMD CMD(NCMD words)... FILES...; its output is
# named after its first file, to be joined in the files' order
parts=$1 fd=$2 ok=$3 ncmd=$4; shift 4
i=0; for a in "$@"; do i=$((i + 1)); [ "$i" -gt "$ncmd" ] && break; done
f=$parts/$a
if [ "$fd" = 1 ]; then "$@" >"$f"; else "$@" 2>"$f"; fi
rc=$?; [ "$rc" = 0 ] || [ "$rc" = "$ok" ] || exit "$rc"
SH
    cat >"$base.run" <<'SH'
# the timed run: clear the parts of the last repeat, then xargs (the XML
# files are plain names in the current folder)
base=$1 j=$2 n=$3; shift 3
rm -rf "$base.parts" && mkdir "$base.parts" || exit 255
exec xargs -0 -P "$j" -n "$n" -a "$base.list" sh "$base.sh" "$base.parts" "$@"
SH
    timed "$base" sh "$base.run" "$base" "$j" "$n" "$fd" "$okrc" "$#" "$@"
    local out=$base.err f
    [ "$fd" = 1 ] && out=$base.out
    for f in "${XFILES[@]}"; do [ -f "$base.parts/$f" ] && cat "$base.parts/$f"; done >"$out"
    rm -rf "$base.parts" "$base.list" "$base.sh" "$base.run"
}

verify() { # TOOL OUTPUT DATADIR -> prints agreement, sets FAILED
    local res
    res=$(python3 "$HERE/pairs.py" "$1" "$2" --ids "$3/ids.txt" --expected "$3/expected.csv" 2>&1)
    local rc=$?
    if [ $rc -ne 0 ]; then
        FAILED=1
        say "$1 on $2 disagrees with the expected violations:"
        printf '%s\n' "$res" | sed 's/^/    /' >&2
        AGREE=NO
    else
        AGREE=yes
    fi
}

bad_exit() { # NAME RC OKCODES...
    local name=$1 rc=$2; shift 2
    for c in "$@"; do [ "$rc" = "$c" ] && return 1; done
    FAILED=1
    say "$name exited with status $rc (stderr: $(head -c 400 "$OUT.err" | tr '\n' ' '))"
    return 0
}

R=$WORK/results; mkdir -p "$R"

if [ -n "$have_floor" ]; then
    say "floors"
    cd "$D/yaml" && OUT=$R/floor-yaml && timed "$OUT" "$WORK/floor" yaml "${YFILES[@]}"
    bad_exit floor "$RUN_RC" 0 || row "libyaml parse floor" "yaml files" "$N" -
    cd "$D/xml" && OUT=$R/floor-xml && timed "$OUT" "$WORK/floor" xml "${XFILES[@]}"
    bad_exit floor "$RUN_RC" 0 || row "libxml2 SAX floor" "xml files" "$N" -
    if [ -z "${SKIP_STREAMS:-}" ]; then
        cd "$D" && OUT=$R/floor-ystream && timed "$OUT" "$WORK/floor" yaml stations.yaml
        bad_exit floor "$RUN_RC" 0 || row "libyaml parse floor" "yaml stream" "$N" -
        OUT=$R/floor-xstream && timed "$OUT" "$WORK/floor" xml stations.xml
        bad_exit floor "$RUN_RC" 0 || row "libxml2 SAX floor" "xml stream" "$N" -
    fi
fi

# stationaudit: INPUT-LABEL PATH DATADIR N
run_sa() {
    local label=$1 path=$2 data=$3 n=$4 j tag
    for j in $JOBS; do
        tag=$R/sa-$(echo "$label" | tr ' ' -)-$n-j$j
        say "stationaudit -j$j, $label, $n"
        cd "$data"
        OUT=$tag; timed "$OUT" "${SA_CMD[@]}" check -s "$HERE/pack.yaml" --audit-date 2025-12-31 -q -j "$j" \
            -f "json:$tag.json" "$path"
        if ! bad_exit stationaudit "$RUN_RC" 0 1 3; then
            verify stationaudit "$tag.json" "$data"
            row "stationaudit -j$j" "$label" "$n" "$AGREE"
        fi
        rm -f "$tag.json"
        if [ "$NO_REPORT_RUNS" = 1 ]; then
            OUT=$tag-q; timed "$OUT" "${SA_CMD[@]}" check -s "$HERE/pack.yaml" --audit-date 2025-12-31 -q -j "$j" "$path"
            bad_exit stationaudit "$RUN_RC" 0 1 3 || row "stationaudit -j$j, no report" "$label" "$n" -
        fi
    done
}
run_sa "yaml files" yaml "$D" "$N"
run_sa "xml files" xml "$D" "$N"
if [ -z "${SKIP_STREAMS:-}" ]; then
    run_sa "yaml stream" stations.yaml "$D" "$N"
    run_sa "xml stream" stations.xml "$D" "$N"
fi

if has_peer xmllint; then
    say "xmllint --schematron, xml files"
    cd "$D/xml" && OUT=$R/xmllint-files
    timed "$OUT" xmllint --noout --schematron "$HERE/peers/bench.sch" "${XFILES[@]}"
    if ! bad_exit xmllint "$RUN_RC" 0 3; then
        verify xmllint "$OUT.err" "$D"; row "xmllint --schematron" "xml files" "$N" "$AGREE"
    fi
    for j in $JOBS; do
        [ "$j" -gt 1 ] || continue
        say "xargs -P$j xmllint --schematron, xml files"
        OUT=$R/xmllint-files-P$j
        timed_xargs "$OUT" "$j" 2 3 xmllint --noout --schematron "$HERE/peers/bench.sch"
        if ! bad_exit "xargs -P$j xmllint" "$RUN_RC" 0; then
            verify xmllint "$OUT.err" "$D"; row "xmllint --schematron, xargs -P$j" "xml files" "$N" "$AGREE"
        fi
    done
    if [ -z "${SKIP_STREAMS:-}" ]; then
        say "xmllint --schematron, xml stream"
        cd "$D" && OUT=$R/xmllint-stream
        timed "$OUT" xmllint --noout --huge --schematron "$HERE/peers/bench.sch" stations.xml
        if ! bad_exit xmllint "$RUN_RC" 0 3; then
            verify xmllint "$OUT.err" "$D"; row "xmllint --schematron" "xml stream" "$N" "$AGREE"
        fi
    fi
fi

if has_peer xsltproc; then
    say "xsltproc, xml files"
    cd "$D/xml" && OUT=$R/xsltproc-files
    timed "$OUT" xsltproc --stringparam mark 1 "$HERE/peers/bench.xsl" "${XFILES[@]}"
    if ! bad_exit xsltproc "$RUN_RC" 0; then
        verify xslt "$OUT.out" "$D"; row "xsltproc" "xml files" "$N" "$AGREE"
    fi
    for j in $JOBS; do
        [ "$j" -gt 1 ] || continue
        say "xargs -P$j xsltproc, xml files"
        OUT=$R/xsltproc-files-P$j
        timed_xargs "$OUT" "$j" 1 0 xsltproc --stringparam mark 1 "$HERE/peers/bench.xsl"
        if ! bad_exit "xargs -P$j xsltproc" "$RUN_RC" 0; then
            verify xslt "$OUT.out" "$D"; row "xsltproc, xargs -P$j" "xml files" "$N" "$AGREE"
        fi
    done
    if [ -z "${SKIP_STREAMS:-}" ]; then
        say "xsltproc, xml stream"
        cd "$D" && OUT=$R/xsltproc-stream
        timed "$OUT" xsltproc --huge --stringparam mark 1 "$HERE/peers/bench.xsl" stations.xml
        if ! bad_exit xsltproc "$RUN_RC" 0; then
            verify xslt "$OUT.out" "$D"; row "xsltproc" "xml stream" "$N" "$AGREE"
        fi
    fi
fi

if [ -n "$SPECTRAL" ]; then
    if [ "$SPD" != "$D" ]; then
        # the stationaudit baseline for Spectral's ratio, on the same files
        JOBS=1 NO_REPORT_RUNS=0 run_sa "$SPECTRAL_FORM files" "$SPFILES" "$SPD" "$SPECTRAL_N"
    fi
    say "Spectral, $SPECTRAL_N $SPECTRAL_FORM files (slow)"
    cd "$SPFILES" && OUT=$R/spectral
    export NODE_OPTIONS=${NODE_OPTIONS:---max-old-space-size=8192}
    timed "$OUT" "$SPECTRAL" lint -q -r "$HERE/peers/spectral.yaml" -f json -o "$OUT.json" "*.$SPECTRAL_FORM"
    if ! bad_exit spectral "$RUN_RC" 0 1; then
        verify spectral "$OUT.json" "$SPD"; row "spectral lint" "$SPECTRAL_FORM files" "$SPECTRAL_N" "$AGREE"
    fi
fi

# ---------------------------------------------------------------- table

LOAD_END=$(load)
printf '%s\n' "${ROWS[@]}" > "$R/rows.txt"
python3 - "$R/rows.txt" "$N" "$nproc_" "$LOAD_START" "$LOAD_END" "$SA_ID" <<'EOF'
import sys
rows = [l.rstrip('\n').split('|') for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
n, cores, l0, l1, said = sys.argv[2:7]
base = {(r[1], r[2]): float(r[3]) for r in rows if r[0] == 'stationaudit -j1'}
print()
print('stationaudit benchmark (%s): %s dossiers, 20 checks; %s cores; load average %s at start, %s at end'
      % (said, n, cores, l0, l1))
print('ratio = wall time / stationaudit -j1 (JSON report) on the same input and N;')
print('cpu s = user+sys CPU time of all its processes and threads (the least of the repeats)')
print()
hdr = ('tool', 'input', 'N', 'wall s', 'cpu s', 'peak RSS MB', 'ratio', 'agrees')
fmt = '%-36s %-12s %6s %8s %7s %12s %7s %7s'
print(fmt % hdr)
print(fmt % tuple('-' * len(h) for h in hdr))
for name, inp, nn, wall, rss, agree, cpu in rows:
    b = base.get((inp, nn))
    ratio = '%.2f' % (float(wall) / b) if b else '-'
    print(fmt % (name, inp, nn, '%.2f' % float(wall), cpu, '%.1f' % (int(rss) / 1024), ratio, agree))

def wall(name, inp, nn=n):
    for r in rows:
        if r[0] == name and r[1] == inp and r[2] == nn:
            return float(r[3])
    return None

jobs = sorted({int(r[0].split()[1][2:].rstrip(',')) for r in rows
               if r[0].startswith('stationaudit -j') and r[2] == n})
def peer(tool, j):
    return wall(tool if j == 1 else '%s, xargs -P%d' % (tool, j), 'xml files')
def cell(v):
    return '%.2f' % v if v else '-'
def times(a, b):
    return '%.2fx' % (a / b) if a and b else '-'
if jobs:
    print()
    print('scaling: wall s at -j N (stationaudit, JSON report) and xargs -P N (peers; one process at N = 1);')
    print('speed-up = the -j1 time / the -j N time; "x sa" = the peer\'s time / stationaudit -j N on the XML files')
    print()
    hdr = ('N', 'sa yaml', 'speed-up', 'sa xml', 'speed-up', 'xmllint', 'x sa', 'xsltproc', 'x sa')
    sfmt = '%3s %8s %8s %8s %8s %8s %7s %8s %7s'
    print(sfmt % hdr)
    print(sfmt % tuple('-' * len(h) for h in hdr))
    y1, x1 = wall('stationaudit -j1', 'yaml files'), wall('stationaudit -j1', 'xml files')
    for j in jobs:
        y, x = wall('stationaudit -j%d' % j, 'yaml files'), wall('stationaudit -j%d' % j, 'xml files')
        xl_, xs_ = peer('xmllint --schematron', j), peer('xsltproc', j)
        print(sfmt % (j, cell(y), times(y1, y), cell(x), times(x1, x), cell(xl_), times(xl_, x),
                      cell(xs_), times(xs_, x)))

print()
print('targets (informational):')
def target(text, ok, detail):
    if ok is None:
        print('  %-58s  n/a' % text)
    else:
        print('  %-58s  %-4s %s' % (text, 'MET' if ok else 'MISS', detail))
sa1, sa2 = wall('stationaudit -j1', 'yaml files'), wall('stationaudit -j2', 'yaml files')
q1 = wall('stationaudit -j1, no report', 'yaml files')
fl = wall('libyaml parse floor', 'yaml files')
xl = wall('xmllint --schematron', 'xml files')
xs = wall('xsltproc', 'xml files')
def both(f, a, b):
    return f(a) + ('; no report: ' + f(b) if b else '')
target('-j1 YAML within 2.5x the libyaml floor', None if not (sa1 and fl) else sa1 <= 2.5 * fl,
       both(lambda t: '%.2fx' % (t / fl), sa1, q1) if sa1 and fl else '')
target('-j1 YAML faster than xmllint --schematron on XML', None if not (sa1 and xl) else sa1 < xl,
       both(lambda t: '%.2f s vs %.2f s' % (t, xl), sa1, q1) if sa1 and xl else '')
target('-j2 at least 1.7x faster than -j1 (YAML files)', None if not (sa1 and sa2) else sa1 / sa2 >= 1.7,
       '%.2fx' % (sa1 / sa2) if sa1 and sa2 else '')
xf1, xf2 = wall('stationaudit -j1', 'xml files'), wall('stationaudit -j2', 'xml files')
fx = wall('libxml2 SAX floor', 'xml files')
target('XML files -j1 within 3x the libxml2 SAX floor', None if not (xf1 and fx) else xf1 <= 3 * fx,
       '%.2fx' % (xf1 / fx) if xf1 and fx else '')
for form, a, b in (('YAML', sa1, sa2), ('XML', xf1, xf2)):
    target('%s files -j2 at least 1.9x faster than -j1' % form, None if not (a and b) else a / b >= 1.9,
           '%.2fx' % (a / b) if a and b else '')
for tool, k in (('xmllint --schematron', 2), ('xsltproc', 3)):
    pv = wall('%s, xargs -P2' % tool, 'xml files')
    target('-j2 %dx faster than xargs -P2 %s' % (k, tool.split()[0]), None if not (pv and xf2) else pv / xf2 >= k,
           '%.2fx on the XML files' % (pv / xf2) if pv and xf2 else '')
target('3x faster than xsltproc (target at 10,000)', None if not (sa1 and xs) else xs / min(sa1, sa2 or sa1) >= 3,
       ('%.2fx at -j1' % (xs / sa1) + ('; %.2fx at -j2' % (xs / sa2) if sa2 else '')) if sa1 and xs else '')
def rss(name, inp, nn=n):
    for r in rows:
        if r[0] == name and r[1] == inp and r[2] == nn:
            return int(r[4]) / 1024
    return None
for form in ('yaml', 'xml'):
    peaks = [rss(nm, form + ' stream') for nm in ('stationaudit -j1', 'stationaudit -j2')]
    peaks = [p for p in peaks if p is not None]
    target('%s stream: peak RSS at most 64 MB' % form.upper(), None if not peaks else max(peaks) <= 64,
           '%.1f MB' % max(peaks) if peaks else '')
    for j in ('1', '2'):
        st, fi = wall('stationaudit -j' + j, form + ' stream'), wall('stationaudit -j' + j, form + ' files')
        target('%s stream -j%s within 1.2x the per-file run' % (form.upper(), j), None if not (st and fi) else st <= 1.2 * fi,
               '%.2fx (%.2f s vs %.2f s)' % (st / fi, st, fi) if st and fi else '')
sp = [r for r in rows if r[0] == 'spectral lint']
if sp:
    spn, spf = sp[0][2], sp[0][1]
    b = wall('stationaudit -j1', spf, spn)
    target('50x faster than Spectral (target at 10,000; here %s)' % spn, None if not b else float(sp[0][3]) / b >= 50,
           '%.1fx' % (float(sp[0][3]) / b) if b else '')
else:
    target('50x faster than Spectral', None, '')
EOF

if [ "$FAILED" != 0 ]; then
    say "FAILED: a tool disagrees with the expected violations or did not run (see above)"
    exit 1
fi
say "all tools agree with the expected violations"
exit 0
