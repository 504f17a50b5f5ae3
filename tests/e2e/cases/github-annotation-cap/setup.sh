# SPDX-License-Identifier: Apache-2.0
# A station name of 100,000 characters (300 KB of UTF-8).
python3 - "$SRCDIR/examples/420325101-jundian.yaml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
name = "十堰市" + "军" * 100000 + "社会工作服务站"
text = text.replace("name: 十堰市房县军店镇社会工作服务站", "name: " + name, 1)
open("huge.yaml", "w", encoding="utf-8").write(text)
PY
