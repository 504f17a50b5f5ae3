/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_source.c - libFuzzer harness for the dossier loaders: the first
 * byte picks the format (YAML, JSON, XML), the rest is the file.  Every
 * record is read and serialised; nothing may crash, hang or leak.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "stationaudit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "f.yaml", "f.json", "f.xml" };
	sa_source *src;
	sa_record *rec;
	sa_error err;
	char *xml;
	size_t len;
	size_t n = 0;
	sa_status st;

	if (size < 1)
		return 0;
	if (sa_source_open_buffer((const char *)data + 1, size - 1,
				  names[data[0] % 3], &src, &err) != SA_OK)
		return 0;
	for (;;) {
		st = sa_source_next(src, &rec, &err);
		/* A source goes on after an error, but every record or error
		 * takes a byte at least: more of them is a reader that does
		 * not move on. */
		if (++n > size + 2)
			abort();
		if (st != SA_OK)
			continue;
		if (!rec)
			break;
		if (sa_record_serialize(rec, 1, &xml, &len, &err) == SA_OK)
			free(xml);
		sa_record_free(rec);
	}
	sa_source_free(src);
	return 0;
}
