# SPDX-License-Identifier: Apache-2.0
# A ledger that is endless (/dev/zero) or never written (a FIFO): both
# refused at once instead of read forever.
ln -s /dev/zero zero.yaml
