/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonreader-internal.h - the project's one adapter for yajl.  Nothing
 * else calls yajl_* (a meta-test enforces it).
 *
 * Reads JSON dossiers as RFC 8259 says, strictly: no comments, no
 * trailing commas, no bare words, one value per file.  Records are built
 * from yajl's events as they come, into the same trees as the YAML reader
 * builds (yamlreader-internal.h gives the mapping; numbers carry sa:type
 * "integer" or "float", true and false "boolean", null "null", strings
 * none), so a rule cannot tell a JSON dossier from the same YAML one.
 *
 * Where this is stricter than the grammar, on purpose:
 *  - the text must be UTF-8, and valid: no overlong forms, no encoded
 *    surrogates, nothing above U+10FFFF (JSONTestSuite's i_string_*
 *    cases are refused);
 *  - a \u escape of a UTF-16 surrogate must be half of a pair (a lone
 *    one, i_string_lone_* and friends, is refused: it is no character,
 *    and replacing it would change a value without saying so);
 *  - keys of one object are unique and hold no NUL (RFC 8259 says names
 *    SHOULD be unique; a verdict must not hang on which duplicate wins).
 * A UTF-8 BOM at the start is skipped.  Every error has a line and a
 * column (in characters, as the YAML reader counts them).
 */
#ifndef SA_JSONREADER_INTERNAL_H
#define SA_JSONREADER_INTERNAL_H

#include <stdio.h>
#include <libxml/tree.h>
#include "stationaudit.h"
#include "tree-internal.h"

typedef struct sai_json_reader sai_json_reader;

typedef struct sai_json_options {
	sai_tree_limits limits;
	unsigned long max_record_bytes; /* input read for one record */
	/* Value mode: the file may hold any JSON value; it becomes one
	 * tree, <json> holding the value as <value> (an array: one <value>
	 * per item).  For tests of the grammar; dossiers use 0. */
	int any_value;
} sai_json_options;

void sai_json_options_default(sai_json_options *opts);

/* Reads from f (not closed by the reader) or from a buffer that must
 * outlive the reader.  file names the input in messages and is kept
 * (not copied): it must outlive the reader. */
sa_status sai_json_open_file(FILE *f, const char *file,
			     const sai_json_options *opts,
			     sai_json_reader **out, sa_error *err);
sa_status sai_json_open_buffer(const char *buf, size_t len, const char *file,
			       const sai_json_options *opts,
			       sai_json_reader **out, sa_error *err);
void sai_json_free(sai_json_reader *r);

/* The next record, as sai_yaml_next_record gives it: {"station": {...}}
 * (any single key) is one record rooted at that key; {"stations": [...]}
 * or a top-level array gives one record per item, rooted at <station>,
 * read one at a time (the file is not held).  *doc is NULL at the end;
 * line and column: where the record starts.  An item of the list that
 * is no mapping is an error (SA_ERR_SHAPE, at the item) in its place, and
 * the next call goes on with the next item; after any other error the
 * next call gives the end. */
sa_status sai_json_next_record(sai_json_reader *r, xmlDocPtr *doc,
			       unsigned long *line, unsigned long *column,
			       sa_error *err);

#endif
