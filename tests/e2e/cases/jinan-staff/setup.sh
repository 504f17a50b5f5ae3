# SPDX-License-Identifier: Apache-2.0
# 济南's "全市街镇社工站共配备400余名社工" at its boundary, over the table's
# 161 街镇 of 3701 (each with an operating station): JN-STAFF-01 counts the
# city's social workers in all, not per station.  pass.yaml: 2 each and a
# third at 78 of them, 400; fail.yaml: a third at 77, 399.
stations() {
  sh "$SRCDIR/tests/e2e/coverage-stations.sh" 3701 "" "" "" "" |
  awk -v third="$1" '
    NR == 1 { print; next }
    {
      n++
      sub(/}$/, "")
      printf "%s, staff: [{name: 社工甲}, {name: 社工乙}", $0
      if (n <= third)
        printf ", {name: 社工丙}"
      print "]}"
    }'
}
stations 78 > pass.yaml
stations 77 > fail.yaml
