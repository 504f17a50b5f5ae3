/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refs-index.c - writes the prebuilt index of a reference table, run by
 * `make` for the bundled division tables (engine/refs.c says what it
 * holds and how a load checks it):
 *
 *   tools/refs-index KEY TABLE.csv OUT.idx
 *   tools/refs-index --check KEY TABLE.csv
 *
 * Exits 0 when OUT.idx is written, 1 when the table is refused (the
 * message on stderr, as the command would show it), 2 on bad usage.
 * With --check it loads TABLE.csv as a pack does and exits 0 when its
 * index TABLE.csv.idx is used, 1 when the CSV is scanned or refused
 * (tests/meta/refsindex.sh checks the installed tables so).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "refs-internal.h"
#include "util-internal.h"

static int fail(const sa_error *err)
{
	char msg[SA_ERROR_FILE_MAX + SA_ERROR_MESSAGE_MAX +
		 2 * SA_ERROR_SOURCE_MAX];

	fprintf(stderr, "refs-index: %s\n", sa_error_format(err, msg,
							      sizeof(msg)));
	return 1;
}

static int check(const char *key, const char *path)
{
	sai_refs *refs = sai_refs_new();
	sa_error err;
	int used;

	sa_error_clear(&err);
	if (!refs || sai_refs_load_csv_in(refs, "t", path, key, NULL, &err) !=
	    SA_OK) {
		sai_refs_free(refs);
		return fail(&err);
	}
	used = sai_refs_indexed(refs, "t");
	sai_refs_free(refs);
	printf("%s: %s\n", path, used ? "indexed" : "scanned");
	return used ? 0 : 1;
}

/* Writes out through out.tmp, renamed when whole: make never sees a
 * half-written index as up to date. */
static int write_file(const char *key, const char *path, const char *out)
{
	char tmp[4096];
	sa_error err;
	sa_status st;
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", out) >= (int)sizeof(tmp) ||
	    !(f = fopen(tmp, "wb"))) {
		fprintf(stderr, "refs-index: cannot write %s: %s\n", out,
			strerror(errno));
		return 1;
	}
	sa_error_clear(&err);
	st = sai_refs_write_index(path, key, f, &err);
	if (fclose(f) != 0 && st == SA_OK)
		st = SA_ERR_IO;
	if (st == SA_OK && rename(tmp, out) == 0)
		return 0;
	if (st == SA_OK || st == SA_ERR_IO)
		fprintf(stderr, "refs-index: cannot write %s: %s\n", out,
			strerror(errno));
	else
		fail(&err);
	unlink(tmp);
	return 1;
}

int main(int argc, char **argv)
{

	if (argc == 4 && !strcmp(argv[1], "--check"))
		return check(argv[2], argv[3]);
	if (argc != 4 || argv[1][0] == '-') {
		fprintf(stderr, "usage: refs-index KEY TABLE.csv OUT.idx\n"
			"       refs-index --check KEY TABLE.csv\n");
		return 2;
	}
	return write_file(argv[1], argv[2], argv[3]);
}
