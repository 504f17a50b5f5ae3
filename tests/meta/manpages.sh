#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The man pages agree with the command: every long option that
# `stationaudit --help` or `stationaudit SUB --help` prints is in
# stationaudit(1) and every option of stationaudit(1) is in some --help;
# every subcommand has its entry; the formats of -f are the same in the
# help, the man page and the command (each one accepted); every exit code
# is listed; stationaudit(1) names the two section-5 pages and they exist.
# Then groff renders the three pages without a warning (skipped, 77, when
# groff is not installed).
set -u
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
sa="$STATIONAUDIT"
man1="$SA_SRCDIR/docs/stationaudit.1"
pages="$man1 $SA_SRCDIR/docs/stationaudit-rules.5 $SA_SRCDIR/docs/stationaudit-dossier.5"
subs="check list explain lint convert test diff init"
. "$(dirname "$0")/common.sh"

for p in $pages; do [ -f "$p" ] || fail "$p missing"; done
[ $bad -eq 0 ] || exit 1

"$sa" --help > "$tmp/help" || fail "stationaudit --help exited $?"
for sub in $subs; do
  "$sa" $sub --help >> "$tmp/help" || fail "$sub --help exited $?"
done
# Long options, as the help writes them and as the man page does (\-).
grep -oE -- '--[a-z][a-z-]*[a-z]' "$tmp/help" | sort -u > "$tmp/help.opts"
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$man1" > "$tmp/man.txt"
grep -oE -- '--[a-z][a-z-]*[a-z]' "$tmp/man.txt" | sort -u > "$tmp/man.opts"
for opt in $(comm -23 "$tmp/help.opts" "$tmp/man.opts"); do
  fail "$opt is in --help but not in stationaudit.1"
done
for opt in $(comm -13 "$tmp/help.opts" "$tmp/man.opts"); do
  fail "$opt is in stationaudit.1 but in no --help"
done
for sub in $subs; do
  grep -A1 '^\.TP' "$man1" | grep -q "^\\\\fB$sub\\\\fR" ||
    fail "subcommand $sub has no entry in COMMANDS"
done

# -f's formats: the help's list, the man page's list, and the command.
help_fmts=$("$sa" check --help | sed -n '/--format/,/default text/p' |
  sed '1s/.*(repeatable)://' | tr -d ' \n' | sed 's/;.*//' | tr ',' ' ')
[ -n "$help_fmts" ] || fail "no format list in check --help"
[ "$(echo $help_fmts | wc -w)" -ge 10 ] || fail "check --help lists only: $help_fmts"
for f in $help_fmts; do
  sed -n '/^\\fB\\-f\\fR, \\fB\\-\\-format/,/^\.TP/p' "$man1" | grep -qw "$f" ||
    fail "format $f is not in stationaudit.1's -f"
  "$sa" check -q --audit-date 2025-12-31 -f "$f:$tmp/r.$f" \
    "$SA_SRCDIR/examples/420302001-wudanglu.yaml" 2>"$tmp/err"
  rc=$?
  [ $rc -le 1 ] || fail "check -f $f exited $rc: $(head -1 "$tmp/err")"
done

for code in 0 1 2 3 4; do
  grep -qE "^\.IP $code( |$)" "$man1" || fail "exit code $code not listed"
  grep -qE "^  $code  " "$tmp/help" || fail "exit code $code not in --help"
done
for p in stationaudit-rules stationaudit-dossier; do
  grep -q "fB$p\\\\fR(5)" "$man1" || fail "stationaudit.1 does not name $p(5)"
done

if [ $bad -eq 0 ] && command -v groff >/dev/null 2>&1; then
  for p in $pages; do
    # -k: preconv, the pages are UTF-8 (Chinese examples).
    LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$p" > "$tmp/groff" 2>&1
    [ -s "$tmp/groff" ] && fail "groff warns on $p: $(head -3 "$tmp/groff")"
  done
elif [ $bad -eq 0 ]; then
  echo "manpages: in sync; groff not installed, rendering not checked"
  exit 77
fi
[ $bad -eq 0 ] && echo "manpages: options, subcommands, formats and exit codes in sync; groff renders them cleanly"
exit $bad
