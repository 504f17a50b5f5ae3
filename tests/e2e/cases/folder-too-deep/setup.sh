# SPDX-License-Identifier: Apache-2.0
# A folder walk goes 64 levels below the folder named; a dossier deeper
# than that is not skipped without a word: its folder is a load error of
# its own (made here: 66 nested folders are no fixture to keep in git).
set -e
mkdir -p d
cp "$SRCDIR/examples/420302001-wudanglu.yaml" d/top.yaml
p=d
for i in $(seq 66); do p=$p/n; done
mkdir -p "$p"
printf 'station:\n  id: deep\n' > "$p/x.yaml"
