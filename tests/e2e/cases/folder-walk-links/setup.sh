# SPDX-License-Identifier: Apache-2.0
# A folder with what a walk must leave out, made here (git keeps no
# FIFO): hidden files and folders, links to a folder (a loop) and to a
# dossier, a FIFO named like a dossier (reading it would hang), a file of
# another kind; and sub-folders made out of name order.
set -e
src="$SRCDIR/tests/e2e/cases/folder-recursion/county"
mkdir -p county/b-sub/deeper county/a-sub
cp "$src/zhangwan/420303003-chechenglu.xml" county/b-sub/deeper/z.xml
cp "$src/maojian/420302002-eryan.yaml" county/a-sub/m.yaml
cp "$src/420302002-eryan.yml" county/c.yml
cp "$src/420302002-eryan.yml" county/.hidden.yml
mkdir county/.git
cp "$src/420302002-eryan.yml" county/.git/d.yml
ln -s . county/loop
ln -s ../county/c.yml county/link.yml
ln -s a-sub county/a-link
mkfifo county/pipe.yaml
echo "not a dossier" > county/notes.txt
