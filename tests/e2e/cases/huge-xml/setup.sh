# SPDX-License-Identifier: Apache-2.0
# An 80 MiB XML dossier of one record: 80 policies of 1 MiB text each.
chunk=$(head -c 1048576 /dev/zero | tr '\0' 'a')
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<station>\n  <id>420303004-S01</id>\n'
	i=0
	while [ $i -lt 80 ]; do
		printf '  <policies><name>%s</name></policies>\n' "$chunk"
		i=$((i + 1))
	done
	printf '</station>\n'
} >huge.xml
