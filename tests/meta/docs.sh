#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every option of `stationaudit --help` and of every subcommand's --help
# is in the man page, and every exit
# code too (the docs cannot drift from the command).
set -eu
man="$SA_SRCDIR/docs/stationaudit.1"
[ -f "$man" ] || { echo "docs: $man missing"; exit 1; }
help=$("$STATIONAUDIT" --help)
for cmd in check list explain lint convert test diff init; do
  help="$help
$("$STATIONAUDIT" $cmd --help)"
done
bad=0
for opt in $(echo "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" || grep -qF -- "$opt" "$man" || { echo "docs: $opt not in the man page"; bad=1; }
done
for cmd in check list explain lint convert test diff init; do
  grep -q "^\.B $cmd\|^\.SS $cmd\|\\\\fB$cmd\\\\fR" "$man" || { echo "docs: command $cmd not in the man page"; bad=1; }
done
for code in 0 1 2 3 4; do
  grep -qE "^\.IP $code( |$)" "$man" || { echo "docs: exit code $code not listed"; bad=1; }
done
# What the repository ships stands alone: no README, doc, pack or benchmark
# file sends the reader to the design input beside the checkout
# (../shared).  A code default may name the folder shared/data/regions.
for f in $(cd "$SA_SRCDIR" && grep -rIlE '\.\./shared|shared/(bench|design|seeds)' \
             README.md docs bench rules examples schemas); do
  echo "docs: $f refers to ../shared (the design input is not shipped):"
  grep -nE '\.\./shared|shared/(bench|design|seeds)' "$SA_SRCDIR/$f" | head -3
  bad=1
done
[ $bad -eq 0 ] && echo "docs: man page covers every option and exit code"
exit $bad
