# SPDX-License-Identifier: Apache-2.0
# A folder of 100 dossiers (more than one batch of the size probe) and a
# stream of 200 with a broken document in the middle, found by the walk
# (its size is asked for after the listing, by -j N threads).
set -e
python3 "$SA_SRCDIR/bench/gen.py" --regions "$SA_SRCDIR/rules/base/data" \
  --region 4203 --count 100 --seed 5 --format yaml --out gen -q
python3 "$SA_SRCDIR/bench/gen.py" --regions "$SA_SRCDIR/rules/base/data" \
  --region 4203 --count 200 --seed 6 --format yaml-stream --out s -q
python3 - <<'PY'
docs = open("s/stations.yaml", encoding="utf-8").read().split("\n---\n")
assert len(docs) >= 200, len(docs)
docs[101] = docs[101].replace("\n  name: ", "\n  name: [broken ", 1)
open("gen/zz-stations.yaml", "w", encoding="utf-8").write("\n---\n".join(docs))
PY
