# SPDX-License-Identifier: Apache-2.0
# The complete example of docs/dossier.md ("一份完整的档案"), as the page
# shows it, and a configuration that loads every bundled standard (each
# folder of rules/ with a pack.yaml, but the alias `default`): the page
# says a dossier written from it alone passes any bundled standard, so
# the example must pass them all (those whose jurisdiction leaves it out
# leave it to base).
set -eu
awk '/^## 一份完整的档案/ { in_section = 1 }
     in_section && /^```yaml/ { in_block = 1; next }
     in_block && /^```/ { exit }
     in_block { print }' "$SRCDIR/docs/dossier.md" > example.yaml
grep -q '^station:' example.yaml
{
	printf 'standards: ['
	sep=
	for p in "$SRCDIR"/rules/*/pack.yaml; do
		name=$(basename "$(dirname "$p")")
		[ "$name" = default ] && continue
		printf '%s%s' "$sep" "$name"
		sep=', '
	done
	printf ']\n'
} > .stationaudit.yaml
