# SPDX-License-Identifier: Apache-2.0
# Namespace declarations in scope: 200 on the root and 56 on a child make
# 256 (the limit), 57 on the next child 257.  Each tag is under the
# attribute limit.
decl() {
	awk -v p="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf " xmlns:%s%d=\"urn:%d\"", p, i, i }'
}
{
	printf '<station%s>\n  <id>420304117-S05</id>\n' "$(decl r 200)"
	printf '  <name%s>甲</name>\n' "$(decl a 56)"
	printf '  <kind>station</kind><name%s>乙</name>\n</station>\n' "$(decl b 57)"
} >ns.xml
