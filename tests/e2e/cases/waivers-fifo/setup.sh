# SPDX-License-Identifier: Apache-2.0
# A ledger that is a FIFO nobody writes to: refused at once, not waited on.
mkfifo ledger.yaml
