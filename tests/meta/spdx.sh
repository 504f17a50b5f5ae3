#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every source, script and build file of the project names its licence
# (Apache-2.0, LICENSE) in an SPDX line within its first three lines.
set -u
srcdir=${SA_SRCDIR:-${srcdir:-.}}
cd "$srcdir" || exit 1
[ -f LICENSE ] || { echo "spdx: no LICENSE file"; exit 1; }
grep -q "Apache License" LICENSE || { echo "spdx: LICENSE is not Apache-2.0"; exit 1; }
files=$(git ls-files . 2>/dev/null | grep -E '\.(c|h|sh|py|js)$|(^|/)Makefile\.am$|^configure\.ac$|^\.ci/(run|deps)$|^Dockerfile$')
if [ -z "$files" ]; then
  # a release tarball (distcheck): no git checkout here, look at what it holds
  files=$(find . -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' \
    -o -name '*.js' -o -name Makefile.am -o -name configure.ac \) \
    ! -path './_*' ! -path './build-aux/*' ! -path './m4/*' ! -name config.h \
    ! -path '*/autom4te.cache/*' | sed 's|^\./||')
fi
missing=0
n=0
for f in $files; do
  n=$((n + 1))
  if ! head -3 "$f" | grep -q "SPDX-License-Identifier: Apache-2.0"; then
    echo "spdx: $f has no SPDX-License-Identifier line"
    missing=$((missing + 1))
  fi
done
[ "$n" -gt 50 ] || { echo "spdx: only $n files found: wrong folder?"; exit 1; }
echo "spdx: $n files, $missing without a licence line"
[ "$missing" -eq 0 ]
