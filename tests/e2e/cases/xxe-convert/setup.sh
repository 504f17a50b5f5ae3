# SPDX-License-Identifier: Apache-2.0
# A FIFO nobody writes to: a parser that opened the external entity or DTD
# would block on it, and the case would time out.
mkfifo trap.fifo
