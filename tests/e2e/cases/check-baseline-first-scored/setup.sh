# SPDX-License-Identifier: Apache-2.0
# Last year the station was suspended (not assessed, no score); this
# year it operates and is scored: "first scored", not a new station, and
# its SA-SCOPE note of last year is fixed.  The reverse of
# diff-not-assessed-now, through check --baseline.
mkdir y2
sed 's/^  status: operating$/  status: suspended/' y3/s.yaml >y2/s.yaml
"$STATIONAUDIT" check -q --no-config --audit-date 2025-06-30 \
	-f json:old.json y2
