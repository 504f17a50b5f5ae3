# SPDX-License-Identifier: Apache-2.0
# tests/meta/common.sh - the set-up the meta tests share, sourced first:
#   . "$(dirname "$0")/common.sh"
# A scratch folder, removed on exit, as $work (and $tmp, the name some
# tests give it); bad=0; fail MESSAGE prints "NAME: MESSAGE" (NAME: the
# test's file name without .sh) and sets bad=1.
meta_name=$(basename "$0" .sh)
work=$(mktemp -d "${TMPDIR:-/tmp}/sa-$meta_name.XXXXXX") || exit 99
tmp=$work
trap 'rm -rf "$work"' EXIT
bad=0
fail() { echo "$meta_name: $*"; bad=1; }
