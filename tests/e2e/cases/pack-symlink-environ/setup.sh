# SPDX-License-Identifier: Apache-2.0
# A NAME.yaml beside the search folder's packs that links to the
# process's environment: refused before a byte of it is read.
mkdir -p packs
ln -s /proc/self/environ packs/env.yaml
