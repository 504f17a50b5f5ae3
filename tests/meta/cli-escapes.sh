#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `list` and `explain` print a pack's own text as check's text report
# does: an untrusted pack's control characters (ESC driving the
# terminal, CR rewriting the line) come out as \xNN, and none of its text
# starts a line, where a CI runner reads commands ("::warning ...");
# nor do the error messages that quote a pack.
set -u
: "${SA_SRCDIR:?}" "${STATIONAUDIT:?}"
. "$(dirname "$0")/common.sh"
mkdir "$work/ansi"
cat >"$work/ansi/pack.yaml" <<'EOP'
standard:
  id: ansi
  title: "T\e[31mRED\e]0;pwned\a"
  source: "s\r\n::error::fake-source"
rules:
  - id: AN-01
    title: "rule\e[2K\r::error::fake"
    assert: "false()"
    message: "m\e[31mRED\r\n::warning file=x::inj\x85"
    fix: "f\e[31m"
EOP
STATIONAUDIT_PATH=$work "$STATIONAUDIT" list >"$work/list" 2>"$work/list.err" ||
  fail "list: exit $? ($(head -3 "$work/list.err"))"
STATIONAUDIT_PATH=$work "$STATIONAUDIT" explain AN-01 >"$work/explain" 2>"$work/explain.err" ||
  fail "explain: exit $? ($(head -3 "$work/explain.err"))"
for out in list explain; do
  f=$work/$out
  grep -q 'ansi\|AN-01' "$f" || fail "$out: the pack is not shown"
  if LC_ALL=C grep -q "$(printf '\033')" "$f"; then fail "$out: a raw ESC"; fi
  if LC_ALL=C grep -q "$(printf '\r')" "$f"; then fail "$out: a raw CR"; fi
  if LC_ALL=C grep -q "$(printf '\302\205')" "$f"; then fail "$out: a raw C1 control"; fi
  if grep -q '^::' "$f"; then fail "$out: a line starts with '::'"; fi
done
grep -qF 'T\x1b[31mRED' "$work/list" || fail "list: the title's ESC is not shown as \\x1b"
grep -qF 'm\x1b[31mRED\x0d' "$work/explain" || fail "explain: the message's ESC and CR are not shown"
grep -qF '\u0085' "$work/explain" || fail "explain: the C1 control is not shown as \\u0085"
# An error message that quotes the pack (its expression, its line) shows
# the control characters too.
printf 'standard:\n  id: bad\n  title: x\nrules:\n  - id: B-01\n    title: t\n    assert: "false(\\e[31m"\n' \
  >"$work/bad.yaml"
"$STATIONAUDIT" lint "$work/bad.yaml" >/dev/null 2>"$work/lint.err"
grep -q 'bad.yaml:7' "$work/lint.err" || fail "lint: no error at bad.yaml:7 ($(head -2 "$work/lint.err"))"
if LC_ALL=C grep -q "$(printf '\033')" "$work/lint.err"; then fail "lint: a raw ESC in the error"; fi
grep -qF 'false(\x1b[31m' "$work/lint.err" || fail "lint: the expression's ESC is not shown as \\x1b"
[ "$bad" = 0 ] && echo "cli-escapes: ok"
exit "$bad"
