# SPDX-License-Identifier: Apache-2.0
# Reports an earlier run wrote (made here by stationaudit itself, so that
# they are what it writes today), under names a dossier could have.
set -e
mkdir d
cp "$SRCDIR/examples/420302001-wudanglu.yaml" d/ok.yaml
printf 'station:\n  id: 420302001-S01\n' > bad.yaml
"$STATIONAUDIT" check -q -s shiyan --audit-date 2025-12-31 \
	-f json:d/report.json -f sarif:d/out.sarif.json -f junit:d/junit.xml \
	-f svrl:d/svrl.xml -f codequality:d/cq.json d/ok.yaml bad.yaml >/dev/null || :
