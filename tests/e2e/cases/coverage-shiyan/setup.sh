# SPDX-License-Identifier: Apache-2.0
# 十堰: 119 乡镇(街道) = the table's 118 units 001-399 of 4203 and 武当山特区 (420381450)
# Every 乡镇(街道) of 4203 in the division tables has an operating station,
# except 420302001 (none), 420323200 (closed) and 420381111 (planned).
sh "$SRCDIR/tests/e2e/coverage-stations.sh" 4203 "420302001" "420323200" "420381111" "420381450" > stations.yaml
