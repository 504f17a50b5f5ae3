#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# bench/device.sh prepare|run — the benchmark on a lent many-core machine.
#
# Such a machine reaches no package registry and may run another
# distribution, so everything the benchmark runs is carried there:
#
#   prepare   (here, after make) writes _build-device/bundle.tgz: the built
#             command and its library, xmllint, xsltproc, GNU time, the
#             parse-only floor (bench/floor.c, compiled here) and every
#             shared library they load, glibc and its loader included.
#   run       (there, from the repository root; $OUT is where results go)
#             unpacks the bundle, wraps every binary so that it runs through
#             the carried ld-linux-x86-64.so.2 --library-path, then runs
#             bench/run.sh (files, streams, the peers under xargs -P N, the
#             scaling table up to the cores present) and the national run
#             (one dossier per township, every bundled pack, -j 1..cores,
#             the -j1 and -jmax JSON reports compared byte for byte).
#             Writes $OUT/bench.txt, $OUT/national.md and $OUT/machine.txt.
#
# Environment for run: N=40000 (bench/run.sh's N), REPEAT=2, NATIONAL=41352
# (0 skips it), NATIONAL_SEED=7, JOBS (default: 1 2 4 ... cores), SKIP_BENCH=1
# (the national run only).  A device command may run 10 minutes at most: on
# 16 cores run the two parts as two calls (SKIP_BENCH=1, then NATIONAL=0)
# if one does not fit; the machine stays warm between them.
# Try it here first on a small N:
#   bash bench/device.sh prepare && N=300 NATIONAL=500 OUT=/tmp/o bash bench/device.sh run
set -u -o pipefail

usage() { sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
B=$ROOT/_build-device
say() { printf '%s\n' "device.sh: $*" >&2; }

prepare() {
    local sa lib stage flags
    sa=$ROOT/.libs/stationaudit
    [ -x "$sa" ] || sa=$ROOT/stationaudit
    [ -x "$sa" ] || { say "build first: make -j2"; exit 2; }
    stage=$B/bundle
    rm -rf "$B" && mkdir -p "$stage/bin" "$stage/lib" || exit 2
    cp "$sa" "$stage/bin/stationaudit" || exit 2
    for lib in "$ROOT"/.libs/libstationaudit.so.*[0-9]; do
        [ -f "$lib" ] && cp -L "$lib" "$stage/lib/"
    done
    for t in xmllint xsltproc; do
        command -v "$t" >/dev/null || { say "$t is needed here (apt-get install libxml2-utils xsltproc)"; exit 2; }
        cp "$(command -v "$t")" "$stage/bin/"
    done
    [ -x /usr/bin/time ] || { say "GNU time is needed here (apt-get install time)"; exit 2; }
    cp /usr/bin/time "$stage/bin/time"
    flags=$(pkg-config --cflags --libs libxml-2.0) || exit 2
    # shellcheck disable=SC2086
    cc -O2 -o "$stage/bin/floor" "$HERE/floor.c" $flags -lyaml || { say "cannot build bench/floor.c"; exit 2; }
    # every library any of them loads, and the loader itself
    for b in "$stage"/bin/*; do
        LD_LIBRARY_PATH=$stage/lib ldd "$b" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }'
    done | sort -u | while read -r lib; do
        [ -e "$stage/lib/$(basename "$lib")" ] || cp -L "$lib" "$stage/lib/"
    done
    [ -f "$stage/lib/ld-linux-x86-64.so.2" ] || { say "the loader was not found by ldd"; exit 2; }
    tar czf "$B/bundle.tgz" -C "$B" bundle && rm -rf "$stage" || exit 2
    say "$(du -h "$B/bundle.tgz" | cut -f1) in $B/bundle.tgz (git ignores _build*/)"
    say "there: run with carry [\"_build-device\"] and the command: bash bench/device.sh run"
}

# One row of the national table: the fastest of $REPEAT runs.
national_row() {
    local j=$1 data=$2 report=$3 best= rss=0 i t0 t1 w m rc
    shift 3
    for ((i = 0; i < REPEAT; i++)); do
        t0=$EPOCHREALTIME
        "$W/time" -f '%M' -o "$T/national.rss" "$W/stationaudit" check -q -j "$j" "$@" \
            -f "json:$report" "$data" >/dev/null 2>"$T/national.err"
        rc=$?
        t1=$EPOCHREALTIME
        case $rc in 0|1) ;; *) say "national -j$j failed: $(head -3 "$T/national.err")"; return 1;; esac
        w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        m=$(tail -1 "$T/national.rss")
        best=$(awk -v a="${best:-$w}" -v b="$w" 'BEGIN { print (b < a) ? b : a }')
        [ "${m:-0}" -gt "$rss" ] && rss=$m
    done
    printf '| national, every pack, -j%s, JSON report | %s | %s | %s |\n' "$j" "$(wc -l <"$data/ids.txt")" "$best" "$((rss / 1024))"
}

run() {
    local n cores jobs j packs=() p data last
    [ -f "$B/bundle.tgz" ] || { say "no $B/bundle.tgz: run 'bash bench/device.sh prepare' first (here), then carry _build-device"; exit 2; }
    OUT=${OUT:-/tmp/device-out}
    T=$(mktemp -d "${TMPDIR:-/tmp}/sa-device.XXXXXX") || exit 2
    mkdir -p "$OUT" || exit 2
    tar xzf "$B/bundle.tgz" -C "$T" || exit 2
    W=$T/w
    mkdir -p "$W"
    for p in "$T"/bundle/bin/*; do
        printf '#!/bin/sh\nexec %s --library-path %s %s "$@"\n' \
            "$T/bundle/lib/ld-linux-x86-64.so.2" "$T/bundle/lib" "$p" >"$W/$(basename "$p")"
        chmod +x "$W/$(basename "$p")"
    done
    "$W/stationaudit" --version >/dev/null || { say "the carried stationaudit does not run"; exit 2; }
    cores=$(nproc)
    jobs=${JOBS:-}
    if [ -z "$jobs" ]; then
        j=1
        while [ "$j" -lt "$cores" ]; do jobs="$jobs $j"; j=$((j * 2)); done
        jobs="$jobs $cores"
    fi
    REPEAT=${REPEAT:-2}
    export STATIONAUDIT_PATH=$ROOT/rules STATIONAUDIT_SCHEMAS=$ROOT/schemas LC_ALL=C
    {
        echo "cores: $cores"
        grep -m1 'model name' /proc/cpuinfo
        echo "memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
        echo "system: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
        echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "commit: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
    } >"$OUT/machine.txt"

    if [ -z "${SKIP_BENCH:-}" ]; then
        say "bench/run.sh ${N:-40000} (jobs:$jobs)"
        PATH=$W:$PATH STATIONAUDIT=$W/stationaudit GNU_TIME=$W/time FLOOR_BIN=$W/floor NO_INSTALL=1 \
            PEERS="xmllint xsltproc" REPEAT=$REPEAT NO_REPORT_RUNS=0 JOBS="$jobs" \
            bash "$HERE/run.sh" "${N:-40000}" >"$OUT/bench.txt" 2>&1
        say "bench/run.sh exited $?"
    fi

    n=${NATIONAL:-41352}
    [ "$n" -gt 0 ] || { rm -rf "$T"; return 0; }
    data=$T/national
    say "national: $n dossiers, every bundled pack"
    python3 "$HERE/gen.py" --count "$n" --seed "${NATIONAL_SEED:-7}" --format yaml --out "$data" -q || exit 1
    while read -r p _; do packs+=(-s "$p"); done < <("$W/stationaudit" list | awk '/^[a-z]/ { print $1 }')
    {
        echo "| run | dossiers | wall s (fastest of $REPEAT) | peak RSS MB |"
        echo "|---|---|---|---|"
        for j in $jobs; do
            national_row "$j" "$data" "$T/national-j$j.json" "${packs[@]}"
            last=$j
        done
        if cmp -s "$T/national-j1.json" "$T/national-j$last.json"; then
            echo; echo "JSON reports of -j1 and -j$last: byte-identical ($((${#packs[@]} / 2)) packs)"
        else
            echo; echo "JSON reports of -j1 and -j$last: DIFFER"
        fi
    } >"$OUT/national.md"
    cat "$OUT/machine.txt" "$OUT"/bench.txt "$OUT/national.md" 2>/dev/null
    rm -rf "$T"
}

case "${1:-}" in
    prepare) prepare ;;
    run) run ;;
    -h|--help) usage ;;
    *) usage >&2; exit 2 ;;
esac
