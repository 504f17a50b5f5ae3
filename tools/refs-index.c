/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refs-index.c - writes the prebuilt index of a reference table, run by
 * `make` for the bundled division tables (engine/refs.c says what it
 * holds and how a load checks it):
 *
 *   tools/refs-index KEY TABLE.csv OUT.idx
 *
 * Exits 0 when OUT.idx is written, 1 when the table is refused (the
 * message on stderr, as the command would show it), 2 on bad usage.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "refs-internal.h"
#include "util-internal.h"

int main(int argc, char **argv)
{
	char msg[SA_ERROR_FILE_MAX + SA_ERROR_MESSAGE_MAX +
		 2 * SA_ERROR_SOURCE_MAX];
	sa_error err;

	if (argc != 4) {
		fprintf(stderr, "usage: refs-index KEY TABLE.csv OUT.idx\n");
		return 2;
	}
	sa_error_clear(&err);
	if (sai_refs_write_index(argv[2], argv[1], argv[3], &err) == SA_OK)
		return 0;
	fprintf(stderr, "refs-index: %s\n", sa_error_format(&err, msg,
							      sizeof(msg)));
	return 1;
}
