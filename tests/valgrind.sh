#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs a test program under valgrind; leaks or errors fail the test.
case "$1" in
  *.sh) exec "$@" ;;
esac
exec "${SA_BUILDDIR:-.}/libtool" --mode=execute valgrind --quiet --leak-check=full \
  --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=99 "$@"
