# SPDX-License-Identifier: Apache-2.0
# Paths named on the command line that are not read (made here: git
# keeps no FIFO): a link to a secret outside the folder, a link to a
# folder outside it (named itself, and as the way to a file), a FIFO and
# a link to /dev/zero named like dossiers (either would hang the run); a
# link inside the folder is read (to a file not named itself: a file
# named twice is read once).
set -e
mkdir d
cp "$SRCDIR/examples/420302001-wudanglu.yaml" d/ok.yaml
printf 'CI_TOKEN=s3cr3t-do-not-print\nsecond: line\n' > secret
ln -s ../secret d/leak.yaml
ln -s /etc d/etc-link
mkfifo d/pipe.yaml
ln -s /dev/zero d/zero.yaml
cp d/ok.yaml d/other.yaml
ln -s other.yaml d/alias.yaml
mkdir outside
printf 'CI_TOKEN=s3cr3t-do-not-print\n' > outside/x.yaml
ln -s ../outside d/sub
