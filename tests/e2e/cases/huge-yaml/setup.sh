# SPDX-License-Identifier: Apache-2.0
# A 160 MiB dossier whose one record is a single enormous scalar (the
# record limit is 64 MiB).
{
	printf '# One record of 160 MiB: a single enormous scalar.\nstation:\n  id: "420302003-S01"\n  name: '
	head -c 167772160 /dev/zero | tr '\0' 'a'
	printf '\n  kind: station\n'
} >huge.yaml
