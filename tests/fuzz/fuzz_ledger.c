/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ledger.c - libFuzzer harness for the two readers of the audit
 * cycle: the input is written to a file and read as a waiver ledger, and
 * as the records of a JSON report that is both sides of a diff; either
 * may fail but never crash, hang or leak.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "waiver-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes head, data and tail to path; 0 or -1. */
static int write_input(const char *path, const char *head,
		       const uint8_t *data, size_t size, const char *tail)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	fputs(head, f);
	fwrite(data, 1, size, f);
	fputs(tail, f);
	return fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	sai_waivers *w = sai_waivers_new();
	sa_diff *d = NULL;
	sa_error err;

	snprintf(path, sizeof(path), "/tmp/fuzz-ledger-%ld", (long)getpid());
	if (w && write_input(path, "", data, size, "") == 0)
		(void)sai_waivers_load(w, path, &err);
	sai_waivers_free(w);
	/* diff reads only our reports: the input is the records of one, so
	 * that the fuzzer spends its time past the header check. */
	if (write_input(path, "{\"schema\": \"stationaudit-report\", "
			"\"version\": 1, \"records\": ", data, size, "}\n") == 0 &&
	    sa_diff_reports(path, path, &d, &err) == SA_OK)
		sa_diff_free(d);
	unlink(path);
	return 0;
}
