# SPDX-License-Identifier: Apache-2.0
# --config given a device (endless random bytes): refused by its kind
# before a byte is read.
ln -s /dev/urandom random.conf
