# SPDX-License-Identifier: Apache-2.0
# Stations of 贵州 (outside the region), of 红河 5325, then 贵州 again
# (bench/gen.py), and the bundled honghe pack copied here: json.check
# makes its collection rules unfilterable and runs again.
for part in "o 52 80 5" "h 5325 40 6" "p 52 40 7"; do
	set -- $part
	python3 "$SRCDIR/bench/gen.py" --regions "$SRCDIR/rules/base/data" \
	  --region "$2" --count "$3" --seed "$4" --faults 0.3 \
	  --format yaml-stream --out "$1" -q || exit 1
done
mkdir -p honghe A B && cp "$SRCDIR/rules/honghe/pack.yaml" honghe/
