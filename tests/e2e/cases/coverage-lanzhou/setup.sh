# SPDX-License-Identifier: Apache-2.0
# 兰州: the table's 113 units 001-399 of 6201, judged after coverage_due (2025-12-31)
# Every 乡镇(街道) of 6201 in the division tables has an operating station,
# except 620102001 (none), 620105004 (closed) and 620171104 (planned); and
# every 县(区) (county digits 01-69) an operating county centre, except 榆中县
# (620123).
sh "$SRCDIR/tests/e2e/coverage-stations.sh" 6201 "620102001" "620105004" "620171104" "" > stations.yaml
for c in 620102 620103 620104 620105 620111 620121 620122; do
  printf '  - {id: "%s-S01", name: %s社会工作服务中心, level: county, status: operating, region: {code: "%s"}}\n' "$c" "$c" "$c" >> stations.yaml
done
