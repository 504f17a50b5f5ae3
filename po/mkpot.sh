#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# po/mkpot.sh SRCDIR OUT - writes the message template (.pot) of the
# sources that po/POTFILES.in lists and that exist (it may name files
# before they move there), without source locations and sorted, so that
# the template changes only when a message does.  Used by `make
# update-po` and by tests/meta/po.sh.
set -eu
src=$1
out=$2
list=$(mktemp "${TMPDIR:-/tmp}/sa-potfiles.XXXXXX")
trap 'rm -f "$list"' EXIT
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$src/po/POTFILES.in" |
while read -r f; do
	if [ -f "$src/$f" ]; then
		echo "$f"
	fi
done >"$list"
"${XGETTEXT:-xgettext}" --directory="$src" --files-from="$list" \
	--language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--add-comments=TRANSLATORS: --no-location --sort-output \
	--package-name=stationaudit --output="$out"
