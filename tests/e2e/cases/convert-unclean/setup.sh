# SPDX-License-Identifier: Apache-2.0
# A file name with "-->" and "---", made here (odd names stay out of the tree).
printf 'station:\n  id: a\n  name: "x]]><y>&amp;\\u0001\\uFFFE\\x7f"\n' > 'q-->z<b>---.yaml'
