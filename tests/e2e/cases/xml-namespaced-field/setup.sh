# SPDX-License-Identifier: Apache-2.0
# 城关镇's dossier (it has no plaque) with <q:plaque>true</q:plaque> of
# another namespace: no rule may read it as plaque, and the contract
# names it.  A second copy puts the whole record in a default namespace.
sed -e 's|<station>|<station xmlns:q="urn:q">|' \
    -e 's|<plaque>false</plaque>|<q:plaque>true</q:plaque>|' \
    "$SRCDIR/examples/420304117-chengguan.xml" > q.xml
