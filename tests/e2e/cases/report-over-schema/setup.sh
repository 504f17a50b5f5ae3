# SPDX-License-Identifier: Apache-2.0
# A schema of its own: the bundled contract, copied.
cp "$SRCDIR/schemas/dossier.xsd" my.xsd
