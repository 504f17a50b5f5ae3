# SPDX-License-Identifier: Apache-2.0
# A key given twice in a reference table: ref('towns', key) finds one
# row, so the second would never be seen; lint refuses it at the second
# row's key and names the first row's line.
:
