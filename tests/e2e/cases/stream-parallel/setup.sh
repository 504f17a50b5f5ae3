# SPDX-License-Identifier: Apache-2.0
# 400 generated dossiers of 十堰 townships and villages, as files and as
# one YAML stream and one XML <stations> file (bench/gen.py, seed 11).
python3 "$SA_SRCDIR/bench/gen.py" --regions "$SA_SRCDIR/rules/base/data" \
  --region 4203 --count 400 --seed 11 --faults 0.3 \
  --format yaml,xml-stream,yaml-stream --out gen -q
