# SPDX-License-Identifier: Apache-2.0
# The blank dossier of 茅箭区武当路街道, made by the command under test.
"$STATIONAUDIT" init -o blank.yaml 420302001
