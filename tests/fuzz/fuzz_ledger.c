/*
 * fuzz_ledger.c - libFuzzer harness for the two readers of the audit
 * cycle: the input is written to a file and read as a waiver ledger and as
 * both reports of a diff; either may fail but never crash, hang or leak.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "waiver-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	sai_waivers *w = sai_waivers_new();
	sa_diff *d = NULL;
	sa_error err;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/fuzz-ledger-%ld", (long)getpid());
	if (!w || !(f = fopen(path, "wb"))) {
		sai_waivers_free(w);
		return 0;
	}
	fwrite(data, 1, size, f);
	fclose(f);
	(void)sai_waivers_load(w, path, &err);
	sai_waivers_free(w);
	if (sa_diff_reports(path, path, &d, &err) == SA_OK)
		sa_diff_free(d);
	unlink(path);
	return 0;
}
