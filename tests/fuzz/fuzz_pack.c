/*
 * fuzz_pack.c - libFuzzer harness for the pack loader and compiler: the
 * input is a pack file; loading and compiling may fail but never crash,
 * hang or leak, and a compiled pack is audited against a fixed record.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "stationaudit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sa_pack *p = sa_pack_new();
	sa_error err;

	if (!p)
		return 0;
	if (sa_pack_load_buffer(p, (const char *)data, size, "fuzz.yaml",
				"/nonexistent", &err) == SA_OK)
		(void)sa_pack_compile(p, &err);
	sa_pack_free(p);
	return 0;
}
