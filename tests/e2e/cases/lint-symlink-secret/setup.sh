# SPDX-License-Identifier: Apache-2.0
# lint checks a pack against the schema before it loads it: a pack.yaml
# linked to a file outside its folder must be refused by both, and the
# schema check must not quote the file either.
mkdir -p packs/evil
printf 'CI_TOKEN=s3cr3t-do-not-print\nsecond: line\n' >secret
ln -s ../../secret packs/evil/pack.yaml
