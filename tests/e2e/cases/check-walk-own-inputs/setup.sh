# SPDX-License-Identifier: Apache-2.0
# Last year's report (the baseline) and a hard link to the ledger under
# another name, both in the folder the run walks.
"$STATIONAUDIT" check -q --no-config --audit-date 2026-06-30 \
	-f json:old.json 420302001-wudanglu.yaml
mkdir sub
ln waivers.yaml sub/ledger-link.yaml
