# 兰州: the table's 113 units 001-399 of 6201, judged after coverage_due (2025-12-31)
# Every 乡镇(街道) of 6201 in the division tables has an operating station,
# except 620102001 (none), 620105004 (closed) and 620171104 (planned).
sh "$SRCDIR/tests/e2e/coverage-stations.sh" 6201 "620102001" "620105004" "620171104" "" > stations.yaml
