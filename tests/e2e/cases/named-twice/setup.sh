# SPDX-License-Identifier: Apache-2.0
# A hard link is the same file under another name: one dossier.
ln dossiers/sub/a.yaml dossiers/sub/z-hardlink.yaml
