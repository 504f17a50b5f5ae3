# SPDX-License-Identifier: Apache-2.0
# tests/test.conf of 1 MiB (over its 64 KiB limit): refused, not read.
head -c 1048576 /dev/zero | tr '\0' '#' > tests/test.conf
