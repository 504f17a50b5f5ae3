# SPDX-License-Identifier: Apache-2.0
# One start tag with 100,000 attributes (1.1 MB): libxml2 alone checks
# them for duplicates pair by pair (17 s); the guard refuses the tag first.
awk 'BEGIN { printf "<station"; for (i = 0; i < 100000; i++) printf " a%d=\"x\"", i;
	print "><id>1</id></station>" }' >wide.xml
