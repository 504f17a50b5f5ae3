#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The zh_CN catalogue is complete: every message of the sources (_() and
# N_() in the files po/POTFILES.in lists) is in po/stationaudit.pot and
# translated in po/zh_CN.po, with nothing untranslated, fuzzy or left
# over, and every source file that marks messages is listed; a
# translation keeps its msgid's ASCII "prefix: " structure.
set -u
src=${SA_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
for t in xgettext msgfmt msgcmp; do
	command -v $t >/dev/null 2>&1 ||
		{ echo "po: $t not found (Debian package gettext): skipped"; exit 77; }
done
. "$(dirname "$0")/common.sh"

# Every source file with _( or N_( is listed.
for f in $(cd "$src" && grep -lE '\bN?_\("' engine/*.c reports/*.c src/*.c 2>/dev/null); do
	grep -qx "$f" "$src/po/POTFILES.in" ||
		{ echo "po: $f marks messages but po/POTFILES.in does not list it"; bad=1; }
done

# The committed template is the sources' (ignoring its header).
sh "$src/po/mkpot.sh" "$src" "$work/now.pot" || exit 1
msgids() {
	msgcat --no-location --no-wrap --sort-output "$1" |
		sed -n '/^msgid ""$/{n;/^msgstr/d;};/^msgid /p'
}
msgids "$work/now.pot" >"$work/now.ids"
msgids "$src/po/stationaudit.pot" >"$work/pot.ids"
if ! cmp -s "$work/now.ids" "$work/pot.ids"; then
	echo "po: po/stationaudit.pot is out of date (make update-po):"
	diff "$work/pot.ids" "$work/now.ids" | sed -n 's/^[<>] /    /p' | head -20
	bad=1
fi

# zh_CN.po translates exactly those messages.
if ! msgcmp "$src/po/zh_CN.po" "$work/now.pot" >"$work/cmp" 2>&1; then
	echo "po: po/zh_CN.po lacks translations:"
	grep -v '^msgcmp:' "$work/cmp" | head -20
	bad=1
fi
msgids "$src/po/zh_CN.po" >"$work/po.ids"
if ! cmp -s "$work/now.ids" "$work/po.ids"; then
	echo "po: po/zh_CN.po has messages the sources no longer have (make update-po):"
	diff "$work/now.ids" "$work/po.ids" | sed -n 's/^> /    /p' | head -20
	bad=1
fi
stats=$(msgfmt --check --statistics -o /dev/null "$src/po/zh_CN.po" 2>&1) ||
	{ echo "po: msgfmt --check fails:"; echo "$stats"; bad=1; }
case $stats in
*untranslated*|*fuzzy*) echo "po: po/zh_CN.po: $stats"; bad=1 ;;
esac
# Scripts parse "stationaudit: FILE:LINE:COL: " and "stationaudit: check: ":
# a translation keeps the leading prefix of its msgid (the program, a
# subcommand, an option and its value, %s conversions, each followed by
# an ASCII ": ") as it is; full-width colons come after it only.
if command -v python3 >/dev/null 2>&1; then
	msgcat --no-wrap "$src/po/zh_CN.po" 2>/dev/null | python3 -c '
import re, sys
conv = r"%[-.*0-9]*[lz]?[a-z]"
tok = r"(?:stationaudit|%s|--[a-z-]+ %s(?:=%s)?|check|lint|list|explain|test|convert|init|diff)" % (conv, conv, conv)
prefix = re.compile(r"^(?:%s(?::%s)*: )+" % (tok, conv))
bad = 0
for mid, mstr in re.findall(r"^msgid \"(.*)\"\nmsgstr \"(.*)\"$", sys.stdin.read(), re.M):
    m = prefix.match(mid)
    if m and mstr and not mstr.startswith(m.group(0)):
        print("po: %r must start with %r, as its msgid: %r" % (mstr[:50], m.group(0), mid[:50]))
        bad = 1
sys.exit(bad)' || bad=1
fi
[ $bad -eq 0 ] && echo "po: $stats"
exit $bad
