# SPDX-License-Identifier: Apache-2.0
# A <stations> list whose second record's start tag has 257 attributes
# (one over the limit), and a dossier whose root has 256 (at the limit).
attrs() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf " a%d=\"%d\"", i, i }'
}
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<stations>\n'
	printf '  <station><id>420304117-S05</id><name>甲</name></station>\n'
	printf '  <station\n   %s>\n    <id>420304117-S02</id>\n  </station>\n' "$(attrs 257)"
	printf '  <station><id>420304117-S03</id></station>\n</stations>\n'
} >list.xml
printf '<station%s><id>420304117-S04</id></station>\n' "$(attrs 256)" >at-limit.xml
