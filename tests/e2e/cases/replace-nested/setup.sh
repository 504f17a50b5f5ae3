# SPDX-License-Identifier: Apache-2.0
# Seven nested replace(..., '', 'abcde') on a 2,000-character name would
# build gigabytes (each level multiplies the string by six); the string
# budget of an evaluation stops it with an error finding, at once.
{
	printf 'station:\n  id: "420302001-S01"\n  name: '
	head -c 2000 /dev/zero | tr '\0' 'x'
	printf '\n'
} >long-name.yaml
