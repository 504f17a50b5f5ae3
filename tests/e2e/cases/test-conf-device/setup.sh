# SPDX-License-Identifier: Apache-2.0
# tests/test.conf is a link to a device that never ends: refused, not read.
ln -s /dev/zero tests/test.conf
