# SPDX-License-Identifier: Apache-2.0
# The reports of diff-basic, not copied.
cp "$SRCDIR/tests/e2e/cases/diff-basic/old.json" "$SRCDIR/tests/e2e/cases/diff-basic/new.json" .
