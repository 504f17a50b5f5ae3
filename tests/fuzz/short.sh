#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/fuzz/short.sh - a short fuzzing run for CI: builds the libFuzzer
# harnesses (fuzz_source, fuzz_pack, fuzz_ledger, fuzz_json) with clang in a build
# folder of their own and runs each for a few seconds.
#
#   tests/fuzz/short.sh [SECONDS_EACH]        (default 20; about a minute
#                                              of fuzzing in all)
#
# Run it from anywhere in a source tree that has `configure` (a fresh
# clone after `autoreconf -fi`); it never touches the tree's own build.
# Exit status: 0 when every harness ran clean; 77 (skipped) when clang or
# its libFuzzer runtime is missing; 1 when a harness crashed, leaked or
# hung (its log and the reproducing input are kept and named); 2 when
# the tree cannot be configured or built.
#
# Environment: SA_FUZZ_CC (default clang); SA_FUZZ_DIR, a folder to build
# and run in (default: a temporary one, removed unless something failed);
# SA_FUZZ_JOBS, make's -j (default 2).
set -u

src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-20}
cc=${SA_FUZZ_CC:-clang}
jobs=${SA_FUZZ_JOBS:-2}
harnesses="fuzz_source fuzz_pack fuzz_ledger fuzz_json"

say() { printf 'fuzz: %s\n' "$*"; }

if ! command -v "$cc" >/dev/null 2>&1; then
	say "no $cc: skipped"
	exit 77
fi
if [ ! -x "$src/configure" ]; then
	say "no $src/configure: run autoreconf -fi first"
	exit 2
fi
if [ -n "${SA_FUZZ_DIR:-}" ]; then
	dir=$SA_FUZZ_DIR
	mkdir -p "$dir" || exit 2
	keep=1
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/sa-fuzz-XXXXXX") || exit 2
	keep=0
fi
cleanup() { [ "$keep" -eq 1 ] || rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Does this clang link libFuzzer (Debian ships it apart from clang)?
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	'{ (void)d; (void)n; return 0; }' >"$dir/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$dir/probe.c" \
	-o "$dir/probe" >"$dir/probe.log" 2>&1; then
	say "$cc cannot link -fsanitize=fuzzer (libFuzzer missing): skipped"
	exit 77
fi

# configure refuses to build in a folder of its own while the source tree
# is configured in place: then build in a copy of the tree instead.
tree=$src
if [ -f "$src/config.status" ]; then
	tree="$dir/src"
	mkdir -p "$tree" &&
	(cd "$src" && tar --exclude=./.git --exclude='./_*' -cf - .) |
		(cd "$tree" && tar -xf -) || exit 2
	build=$tree
else
	build=$dir
fi

# The library itself instrumented for coverage (fuzzer-no-link), so that
# libFuzzer sees which branches of the loaders an input reaches.
say "building in $build"
(
	cd "$build" &&
	"$tree/configure" --quiet --enable-fuzz CC="$cc" \
		CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" &&
	{ [ "$build" = "$dir" ] || make clean >/dev/null; } &&
	make -j"$jobs" $(for h in $harnesses; do printf 'tests/fuzz/%s ' "$h"; done)
) >"$dir/build.log" 2>&1 || {
	keep=1
	tail -30 "$dir/build.log"
	say "build failed (log: $dir/build.log)"
	exit 2
}

seeds() {
	case $1 in
	fuzz_source) echo "$src/examples" ;;
	fuzz_pack) echo "$src/tests/fuzz/corpus-pack" ;;
	fuzz_ledger) echo "$src/tests/e2e/cases/waivers" ;;
	esac
}

status=0
mkdir -p "$dir/tmp"
for h in $harnesses; do
	corpus="$dir/corpus-$h"
	mkdir -p "$corpus" "$dir/crash-$h"
	dict=
	[ -f "$src/tests/fuzz/${h#fuzz_}.dict" ] &&
		dict="-dict=$src/tests/fuzz/${h#fuzz_}.dict"
	# libFuzzer's own error status is 77 by default: make it 1, so that
	# a crash is never read as "skipped".
	if TMPDIR="$dir/tmp" "$build/tests/fuzz/$h" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=2048 -error_exitcode=1 \
		-timeout_exitcode=1 -print_final_stats=1 \
		-artifact_prefix="$dir/crash-$h/" $dict \
		"$corpus" $(seeds "$h") >"$dir/$h.log" 2>&1; then
		say "$h: $(grep -m1 'stat::number_of_executed_units' "$dir/$h.log" |
			sed 's/.*: *//') runs in ${secs}s, clean"
	else
		keep=1
		status=1
		tail -40 "$dir/$h.log"
		say "$h FAILED: log $dir/$h.log, inputs in $dir/crash-$h/"
	fi
done
exit $status
