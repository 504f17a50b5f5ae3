# SPDX-License-Identifier: Apache-2.0
# A "report" nested 100,000 deep under a key the reader skips: libyaml
# took minutes for it; the depth limit refuses it at the 101st level.
awk 'BEGIN {
	printf "{\"schema\":\"stationaudit-report\",\"version\":1,\"x\":"
	for (i = 0; i < 100000; i++) printf "["
	for (i = 0; i < 100000; i++) printf "]"
	printf "}\n"
}' > deep.json
