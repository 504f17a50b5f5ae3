#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# One adapter per dependency: only engine/regex.c calls PCRE2, only
# engine/yamlreader.c calls the libyaml parser, only engine/jsonreader.c
# calls yajl, only engine/sha256.c calls
# libcrypto, only engine/xmlreader.c
# parses XML.  And the banned functions stay banned.
set -eu
cd "$SA_SRCDIR"
bad=0
check() { # pattern allowed-file
  hits=$(grep -lE "$1" engine/*.c reports/*.c src/*.c 2>/dev/null | grep -v "^$2\$" || true)
  if [ -n "$hits" ]; then echo "adapters: '$1' outside $2: $hits"; bad=1; fi
}
check 'pcre2_[a-z_]+\(' engine/regex.c
check 'yaml_parser_[a-z_]+\(' engine/yamlreader.c
check '\byajl_[a-z_]+\(' engine/jsonreader.c
check '\bEVP_[A-Za-z_]+\(' engine/sha256.c
check '\bxml(Read|Reader|Parse|CtxtRead|CreatePushParser)[A-Za-z]*\(' engine/xmlreader.c
for f in strcpy strcat strncpy sprintf vsprintf strtok atoi atol gets; do
  hits=$(grep -nE "(^|[^_a-z])$f\(" engine/*.c reports/*.c src/*.c tests/unit/*.c 2>/dev/null || true)
  if [ -n "$hits" ]; then echo "adapters: banned $f: $hits"; bad=1; fi
done
# Functions are short: none over 150 lines.
long=$(awk 'FNR==1{start=0} /^[a-z].*\(/{name=$0} /^\{/{start=FNR} /^\}/{ if (start && FNR-start>150) print FILENAME": "name" ("FNR-start" lines)"; start=0 }' engine/*.c reports/*.c src/*.c)
if [ -n "$long" ]; then echo "adapters: functions over 150 lines:"; echo "$long"; bad=1; fi
# The meta tests share their set-up (tests/meta/common.sh): none makes
# its own scratch folder or fail().
own=$(grep -lE '^(work|tmp)=\$\(mktemp|^fail\(\) \{ echo "[a-z-]+: \$\*"; bad=1; \}$' \
  tests/meta/*.sh | grep -v '^tests/meta/common\.sh$' || true)
if [ -n "$own" ]; then echo "adapters: set-up not from tests/meta/common.sh:" $own; bad=1; fi
[ $bad -eq 0 ] && echo "adapters: ok"
exit $bad
