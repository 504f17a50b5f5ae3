# SPDX-License-Identifier: Apache-2.0
# A reference table that is a folder (a FIFO is refused the same way):
# the error is at the pack's line and column that declare it, not at a
# table with no line to show.
mkdir packs/nf/towns.csv
