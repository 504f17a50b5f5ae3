# SPDX-License-Identifier: Apache-2.0
# Last year the station was operating and failed BASE-DATE-03 (score
# 95); this year the same dossier says it is suspended: not assessed.
"$STATIONAUDIT" check -q --no-config --audit-date 2025-06-30 \
	-f json:old.json y3
mkdir y4
sed 's/^  status: operating$/  status: suspended/' y3/s.yaml >y4/s.yaml
"$STATIONAUDIT" check -q --no-config --audit-date 2025-06-30 \
	-f json:new.json y4
