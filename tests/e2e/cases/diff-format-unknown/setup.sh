# SPDX-License-Identifier: Apache-2.0
# The report of diff-basic, not copied.
cp "$SRCDIR/tests/e2e/cases/diff-basic/old.json" .
