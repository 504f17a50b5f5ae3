#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes to standard output a YAML dossier of township stations, holding
# only what coverage reads (id, name, level, status, region code): one
# operating station for each 乡镇(街道) of PREFIX in the bundled division
# table (township digits 001-399, and the codes in EXTRA), except those in
# DROP (no station), CLOSED and PLANNED (their only station has that
# status).  Used by the coverage-* e2e cases (setup.sh, json.check).
#
#   coverage-stations.sh PREFIX "DROP..." "CLOSED..." "PLANNED..." "EXTRA..."
set -eu
awk -F, -v prefix="$1" -v drop=" ${2:-} " -v closed=" ${3:-} " \
    -v planned=" ${4:-} " -v extra=" ${5:-} " '
  BEGIN { print "stations:" }
  NR == 1 || index($1, prefix) != 1 { next }
  {
    code = $1
    name = $2
    gsub(/"/, "", name)
    if (substr(code, 7, 3) + 0 >= 400 && index(extra, " " code " ") == 0)
      next
    if (index(drop, " " code " "))
      next
    status = "operating"
    if (index(closed, " " code " ")) status = "closed"
    if (index(planned, " " code " ")) status = "planned"
    printf "  - {id: \"%s-S01\", name: %s社会工作服务站, level: township, status: %s, region: {code: \"%s\"}}\n", code, name, status, code
  }' "$SRCDIR/rules/base/data/streets.csv"
