# SPDX-License-Identifier: Apache-2.0
# 城关镇's dossier with the whole record in a default namespace: no
# standard reads it, and the message says why.
sed -e 's|<station>|<station xmlns="urn:x">|' \
    "$SRCDIR/examples/420304117-chengguan.xml" > x.xml
