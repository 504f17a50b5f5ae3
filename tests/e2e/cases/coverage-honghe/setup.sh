# SPDX-License-Identifier: Apache-2.0
# 红河: the table's 138 units 001-399 of 5325 (the seed names 135)
# Every 乡镇(街道) of 5325 in the division tables has an operating station,
# except 532501001 (none), 532525104 (closed) and 532532204 (planned).
sh "$SRCDIR/tests/e2e/coverage-stations.sh" 5325 "532501001" "532525104" "532532204" "" > stations.yaml
