# SPDX-License-Identifier: Apache-2.0
# A village code: a 社工室 (room) at village level, in its township.
"$STATIONAUDIT" init -o room.yaml 420302001001
