# SPDX-License-Identifier: Apache-2.0
# tests/test.conf links to a file outside the pack's folder: refused, so a
# pack cannot make `stationaudit test` read (or quote) a file elsewhere.
mkdir -p ../link-out-elsewhere
echo 'min_area=30' > ../link-out-elsewhere/test.conf
ln -s ../../link-out-elsewhere/test.conf tests/test.conf
