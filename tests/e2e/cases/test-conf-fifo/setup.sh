# SPDX-License-Identifier: Apache-2.0
# tests/test.conf is a FIFO nobody writes to: refused at once, not waited on.
mkfifo tests/test.conf
