#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every value of a found .stationaudit.yaml that check refuses is blamed
# on the file: its name, the value's line and column and that line with
# a caret, under the key's name, never under an option the user did not
# type (-j, --sarif-max): the bad value, and the standard, report format,
# waiver ledger or schema a value names that cannot be had.  Exit 2,
# nothing audited.  On the command line the same values still name the
# option.
set -u
sa="$STATIONAUDIT"
cases="$SA_SRCDIR/tests/e2e/cases"
. "$(dirname "$0")/common.sh"

repo="$tmp/repo"
mkdir -p "$repo/.git" "$repo/d"
cp "$cases/config-yaml-found/tumen.yaml" "$repo/d/"

refused() { # KEY-AND-VALUE WHERE NOT-THIS
  printf 'audit-date: 2025-06-30\n%s\n' "$1" > "$repo/.stationaudit.yaml"
  (cd "$repo" && "$sa" check --lang en d) >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  [ "$got" = 2 ] || fail "$1: exit $got, expected 2"
  grep -qF "stationaudit: .stationaudit.yaml:$2 " "$tmp/err" ||
    { fail "$1: no .stationaudit.yaml:$2 in"; sed 's/^/    /' "$tmp/err"; }
  grep -qF "    $1" "$tmp/err" || fail "$1: the line is not quoted"
  grep -qE '^ +\^$' "$tmp/err" || fail "$1: no caret"
  if [ -n "$3" ] && grep -qF -- "$3" "$tmp/err"; then
    fail "$1: blames $3"; sed 's/^/    /' "$tmp/err"
  fi
  [ ! -s "$tmp/out" ] || fail "$1: something was audited"
}

refused "jobs: 100000" 2:7: "-j"
refused "jobs: -1" 2:7: "-j"
refused "sarif-max: -1" 2:12: "--sarif-max"
refused "github-max: x" 2:13: "--github-max"
refused "fail-on: severe" 2:10: "--fail-on"
refused "lang: fr" 2:7: "--lang"
refused "region: 4203x" 2:9: "--region"
refused "audit-date: 2025-13-45" 2:1: ""
refused "encoding: no-such-code" 2:11: "--encoding"
refused "severity: {BASE-ID-01: severe}" 2:24: "--severity"
refused "standards: [base, no-such-pack]" 2:19: ""
refused "formats: [json, no-such-format]" 2:17: ""
refused "waivers: [no-such-ledger.yaml]" 2:11: ""
refused "schema: no-such.xsd" 2:9: "--schema"

# The command line's own values still name their option.
printf 'audit-date: 2025-06-30\n' > "$repo/.stationaudit.yaml"
(cd "$repo" && "$sa" check -j 100000 d) >/dev/null 2>"$tmp/err"
grep -qF -- "-j takes" "$tmp/err" || { fail "-j on the command line"; cat "$tmp/err"; }
grep -qF ".stationaudit.yaml" "$tmp/err" && fail "-j on the command line blames the file"

exit $bad
