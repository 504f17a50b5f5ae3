# SPDX-License-Identifier: Apache-2.0
# 太仓: the table's 6 镇/街道 of 320585
# Every 乡镇(街道) of 320585 in the division tables has an operating station,
# except 320585100 (none), 320585103 (closed) and 320585105 (planned).
sh "$SRCDIR/tests/e2e/coverage-stations.sh" 320585 "320585100" "320585103" "320585105" "" > stations.yaml
