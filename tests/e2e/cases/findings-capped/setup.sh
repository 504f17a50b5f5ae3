# SPDX-License-Identifier: Apache-2.0
# A hostile dossier: 1,500 services that each fail SY-SVC-02 (whose
# message quotes the station name) and a 60 KB name: 60 MB of messages.
name=$(awk 'BEGIN { s = ""; for (i = 0; i < 20000; i++) s = s "站"; print s }')
awk -v name="$name" '
  /^  name: / && !done_name { print "  name: " name; done_name = 1; next }
  { print }
  /^  services:$/ { for (i = 0; i < 1500; i++) print "    - {category: disability}" }
' "$SRCDIR/examples/420302001-wudanglu.yaml" > svc.yaml
