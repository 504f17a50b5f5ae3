# SPDX-License-Identifier: Apache-2.0
# 建德: the seed's 16 乡镇(街道), all 001-399 in the table
# Every 乡镇(街道) of 330182 in the division tables has an operating station,
# except 330182001 (none), 330182107 (closed) and 330182202 (planned).
sh "$SRCDIR/tests/e2e/coverage-stations.sh" 330182 "330182001" "330182107" "330182202" "" > stations.yaml
