/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_json.c - libFuzzer harness for the strict JSON reader: the first
 * byte picks dossier mode or value mode (any JSON value) and how small
 * a record may be; the rest is the file, read from memory.  Every record
 * is read; nothing may crash, hang or leak.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "jsonreader-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sai_json_options opts;
	sai_json_reader *r;
	xmlDocPtr doc;
	unsigned long line, col;
	sa_error err;
	int n = 0;

	if (size < 1)
		return 0;
	sai_json_options_default(&opts);
	opts.any_value = data[0] & 1;
	if (data[0] & 2)
		opts.max_record_bytes = 4096;
	if (data[0] & 4)
		opts.limits.max_depth = 8;
	if (sai_json_open_buffer((const char *)data + 1, size - 1, "f.json",
				 &opts, &r, &err) != SA_OK)
		return 0;
	while (n++ < 1000 &&
	       sai_json_next_record(r, &doc, &line, &col, &err) == SA_OK &&
	       doc)
		sai_tree_free(doc);
	sai_json_free(r);
	return 0;
}
