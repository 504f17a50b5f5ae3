/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_accept.c - reads each file named as one JSON document of any
 * shape (the JSON reader's value mode) and prints one line per file:
 *
 *   accept NAME
 *   parse NAME: MESSAGE      (not JSON)
 *   shape NAME: MESSAGE      (JSON, but refused: duplicate keys, NUL in a key)
 *   limit NAME: MESSAGE      (a limit: depth, size)
 *
 * For suite.sh, which runs JSONTestSuite's y_ and n_ files through it.
 * make check also runs it bare (it is a check program): it then has
 * nothing to read and says so with 77, a skip.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonreader-internal.h"

static const char *verdict(sa_status st)
{
	switch (st) {
	case SA_OK: return "accept";
	case SA_ERR_PARSE: return "parse";
	case SA_ERR_SHAPE: return "shape";
	case SA_ERR_LIMIT: return "limit";
	default: return "other";
	}
}

static sa_status read_one(const char *path, sa_error *err)
{
	sai_json_options opts;
	sai_json_reader *r = NULL;
	unsigned long line, col;
	xmlDocPtr doc = NULL;
	FILE *f = fopen(path, "rb");
	sa_status st;

	sa_error_clear(err);
	if (!f)
		return SA_ERR_IO;
	sai_json_options_default(&opts);
	opts.any_value = 1;
	st = sai_json_open_file(f, path, &opts, &r, err);
	if (st == SA_OK)
		st = sai_json_next_record(r, &doc, &line, &col, err);
	if (st == SA_OK && !doc)
		st = SA_ERR_INTERNAL;  /* value mode always gives a tree */
	sai_tree_free(doc);
	sai_json_free(r);
	fclose(f);
	return st;
}

int main(int argc, char **argv)
{
	sa_error err;
	int i;

	if (argc < 2) {
		fprintf(stderr, "json_accept: run by tests/json/suite.sh\n");
		return 77;
	}
	for (i = 1; i < argc; i++) {
		const char *name = strrchr(argv[i], '/');
		sa_status st = read_one(argv[i], &err);

		printf("%s %s", verdict(st), name ? name + 1 : argv[i]);
		if (st != SA_OK)
			printf(": %lu:%lu %s", err.line, err.column,
			       err.message);
		printf("\n");
	}
	return 0;
}
