# SPDX-License-Identifier: Apache-2.0
# A pack whose pack.yaml is a link to a file outside its folder holding a
# CI secret (as /etc/shadow or /proc/self/environ would): refused, never
# read, so the secret cannot reach the log.
mkdir -p packs/evil
printf 'CI_TOKEN=s3cr3t-do-not-print\nsecond: line\n' >secret
ln -s ../../secret packs/evil/pack.yaml
