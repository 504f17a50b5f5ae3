#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The exit codes the man page lists, each one run: 0 nothing at or above
# --fail-on, 1 findings, 2 usage or configuration (no input at all
# included), 3 the audit is incomplete (and 3 wins over 1), 4 internal
# (a report that cannot be written).  Every subcommand answers -h/--help
# with its own usage on standard output and 0.  check's progress: forced
# into a file (plain lines), absent in a pipe or a file unless forced,
# drawn and cleared on a terminal, never with -q.
set -u
sa="$STATIONAUDIT"
cases="$SA_SRCDIR/tests/e2e/cases"
. "$(dirname "$0")/common.sh"

expect() { # CODE WHAT COMMAND...
  want=$1 what=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  if [ "$got" != "$want" ]; then
    echo "exitcodes: $what: exit $got, expected $want"
    sed 's/^/    /' "$tmp/err" | head -5
    bad=1
    return 1
  fi
}
has() { # FILE TEXT WHAT
  grep -qF -- "$2" "$1" || { echo "exitcodes: $3: no '$2' in"; sed 's/^/    /' "$1" | head -5; bad=1; }
}
hasnt() { # FILE TEXT WHAT
  if grep -qF -- "$2" "$1"; then echo "exitcodes: $3: '$2' should not be there"; bad=1; fi
}

date="--audit-date 2025-12-31"
clean="-s $cases/exit-clean/sev/pack.yaml $date $cases/exit-clean/tumen.yaml"
fails="-s $cases/exit-major-fails/sev/pack.yaml $date $cases/exit-major-fails/tumen.yaml"
broken="$cases/broken-yaml/420322101-tumen.yaml"
mkdir "$tmp/empty"

# 0 and 1
expect 0 "nothing at or above --fail-on" $sa check $clean
expect 1 "a major finding" $sa check $fails
expect 0 "--fail-on none" $sa check --fail-on none $fails
expect 0 "--fail-on critical" $sa check --fail-on critical $fails

# 2: usage and configuration; nothing audited
expect 2 "no command" $sa
expect 2 "an unknown command" $sa audit x.yaml
expect 2 "an unknown option" $sa check --bogus $clean
expect 2 "an option without its value" $sa check $clean --fail-on
expect 2 "a bad --fail-on" $sa check --fail-on severe $clean
expect 2 "no path" $sa check $date
expect 2 "an empty folder" $sa check -s base $date "$tmp/empty"
has "$tmp/err" "nothing to audit" "an empty folder"
expect 2 "a pattern that matched nothing" $sa check -s base $date "$tmp/empty/*.yaml"
has "$tmp/err" "no file matches" "a pattern that matched nothing"
expect 2 "a pack that does not exist" $sa check -s nosuch $date "$broken"
expect 2 "two reports on standard output" $sa check -f json -f csv $clean
expect 2 "explain: an unknown rule" $sa explain NO-SUCH-01
expect 2 "explain: two rules" $sa explain A B
expect 2 "list: an argument" $sa list extra
expect 2 "lint: nothing" $sa lint
expect 2 "convert: two files" $sa convert a.yaml b.yaml
expect 2 "test: a pack that does not exist" $sa test nosuch
expect 2 "diff: one report" $sa diff old.json
expect 2 "diff: a report that does not exist" $sa diff "$tmp/a.json" "$tmp/b.json"
expect 2 "init: no code" $sa init

# 3: the audit is incomplete, and says so before any finding
expect 3 "an unreadable dossier" $sa check -s base $date "$broken"
expect 3 "incomplete wins over findings" $sa check $fails "$broken"
expect 3 "incomplete with --fail-on none" $sa check --fail-on none $fails "$broken"
expect 3 "a dossier that does not exist" $sa check $clean "$tmp/missing.yaml"
expect 3 "convert: an unreadable dossier" $sa convert "$broken"

# 4: internal (a report that cannot be written)
if [ -w /dev/full ]; then
  expect 4 "a report on a full disk" $sa check -q -f json:/dev/full $clean
fi
expect 4 "a report into a folder that does not exist" \
  $sa check -q -f "json:$tmp/no/such/report.json" $clean

# 4: out of memory making a message (8 rules, each {name} 200 times over
# a 100 KB name: 16 MiB a message, cut) under a memory limit that the same
# pack on a short name runs within; once the failed buffer silently became
# the rule's title and the exit was 1.  Not under sanitizers (ulimit -v).
if ! grep -q -- '^SA_CFLAGS = .*-fsanitize' "${SA_BUILDDIR:-.}/Makefile" \
     2>/dev/null && [ -z "${ASAN_OPTIONS:-}" ]; then
  mkdir "$tmp/oom"
  { printf 'standard:\n  id: oom\n  title: t\nrules:\n'
    for r in 1 2 3 4 5 6 7 8; do
      printf '  - id: M-%s\n    title: big\n    assert: "false()"\n' $r
      printf '    message: "%s"\n' "$(i=0; while [ $i -lt 200 ]; do
        printf '{name}'; i=$((i+1)); done)"
    done; } >"$tmp/oom/pack.yaml"
  { printf 'station:\n  id: "420302001-S01"\n  name: '
    head -c 100000 /dev/zero | tr '\0' n; printf '\n'; } >"$tmp/big.yaml"
  printf 'station:\n  id: "420302001-S01"\n  name: n\n' >"$tmp/small.yaml"
  # One job: with two, where the limit bites first (a worker's message,
  # another's node-set, the writer's buffer) varies from run to run.
  oom() { (ulimit -v 200000 && exec "$@"); }
  if expect 1 "the memory-limited run on a short name" oom $sa check -q -j1 \
       -s "$tmp/oom" --no-schema $date "$tmp/small.yaml"; then
    expect 4 "out of memory making a message" oom $sa check -q -j1 \
      -s "$tmp/oom" --no-schema $date -f "json:$tmp/oom.json" "$tmp/big.yaml"
    # Where the limit bites depends on the allocator: making a message
    # (a record's messages may reach 32 MiB before they shrink to the
    # rule's title), or, under valgrind, writing the report: either way
    # exit 4, said as memory.
    grep -q -e "out of memory" -e "Cannot allocate memory" "$tmp/err" ||
      has "$tmp/err" "out of memory" "out of memory making a message"
  fi
fi

# -h/--help everywhere: the command's own usage, on standard output
for sub in check list explain lint convert test diff init; do
  for h in -h --help; do
    expect 0 "$sub $h" $sa $sub $h
    has "$tmp/out" "usage: stationaudit $sub" "$sub $h"
  done
done
expect 0 "--help" $sa --help
for sub in check list explain lint convert test diff init; do
  has "$tmp/out" "  $sub " "--help lists $sub"
done

# Progress: forced into a file, plain lines ending with the whole run
expect 0 "--progress" $sa check --progress -q -f "json:$tmp/r.json" $clean
has "$tmp/err" "stationaudit: progress: 1 records, 1/1 files (100%)" "--progress"
has "$tmp/err" "done in 0:00" "--progress"
expect 0 "no progress into a file" $sa check -f "json:$tmp/r.json" $clean
hasnt "$tmp/err" "progress" "no progress into a file"
expect 0 "--no-progress last" $sa check --progress --no-progress -f "json:$tmp/r.json" $clean
hasnt "$tmp/err" "progress" "--no-progress last"
# ... absent in a pipe
out=$($sa check -f "json:$tmp/r.json" $clean 2>&1 | cat)
case "$out" in *progress*) echo "exitcodes: progress in a pipe"; bad=1 ;; esac
# ... on a terminal (script(1) gives it one): drawn in place and cleared
if script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "$sa check -f json:$tmp/r.json $clean" "$tmp/tty" >/dev/null 2>&1
  has "$tmp/tty" "$(printf '\r\033[K')" "progress on a terminal"
  hasnt "$tmp/tty" "stationaudit: progress:" "progress on a terminal"
  script -qec "$sa check -q -f json:$tmp/r.json $clean" "$tmp/tty" >/dev/null 2>&1
  hasnt "$tmp/tty" "$(printf '\033[K')" "progress on a terminal with -q"
else
  echo "# exitcodes: no script(1): progress on a terminal not tried"
fi

# .stationaudit.yaml found two folders up, not above the repository's
# root (.git); a bad one is a configuration error (2), --no-config skips.
mkdir -p "$tmp/proj/.git" "$tmp/proj/a/b"
printf 'bogus: true\n' > "$tmp/.stationaudit.yaml"
printf 'fail-on: none\n' > "$tmp/proj/.stationaudit.yaml"
(cd "$tmp/proj/a/b" && expect 0 "fail-on none from ../../.stationaudit.yaml" $sa check -v $fails) || bad=1
(cd "$tmp/proj/a/b" && $sa check -v -q $fails 2>&1 | grep -qF "configuration file: ../../.stationaudit.yaml") ||
  { echo "exitcodes: check -v does not name ../../.stationaudit.yaml"; bad=1; }
rm -r "$tmp/proj/.git"
(cd "$tmp/proj/a/b" && expect 0 "the nearest file wins" $sa check $fails) || bad=1
(cd "$tmp" && expect 2 "an unknown key in .stationaudit.yaml" $sa check $fails) || bad=1
(cd "$tmp" && expect 1 "--no-config" $sa check --no-config $fails) || bad=1
rm "$tmp/.stationaudit.yaml"

[ $bad -eq 0 ] && echo "exitcodes: every exit code, --help and progress as documented"
exit $bad
