# SPDX-License-Identifier: Apache-2.0
# One dossier with 400 list items: ST-01 then compares about 400^3 pairs,
# past the evaluation's step limit.
{ echo 'station:'; echo '  id: "420302001-S01"'; echo '  equipment:'
  i=0; while [ $i -lt 400 ]; do echo "    - $i"; i=$((i + 1)); done; } > wide.yaml
