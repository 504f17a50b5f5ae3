# SPDX-License-Identifier: Apache-2.0
# The older reports that check-named-old-reports names, here left in the
# folder the run walks.
. "$SRCDIR/tests/e2e/cases/check-named-old-reports/setup.sh"
