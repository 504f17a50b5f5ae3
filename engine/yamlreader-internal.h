/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yamlreader-internal.h - the project's one adapter for libyaml.  Nothing
 * else calls yaml_parser_* (a meta-test enforces it).
 *
 * It turns YAML (and our own JSON reports, read back as YAML; JSON
 * dossiers go through jsonreader-internal.h) into record trees straight
 * from libyaml's events, never through an intermediate document:
 *
 *   key: value            <key>value</key>
 *   key: [a, b]           <key>a</key><key>b</key>   (each item repeats
 *                                                     the key's element)
 *   key: [[a], [b]]       <key><item>a</item></key><key><item>b</item></key>
 *   "bad key": v          <_ sa:key="bad key">v</_>
 *
 * Scalars that are not plain strings carry sa:type (tree-internal.h);
 * booleans are written "true"/"false".  Duplicate keys, complex keys and
 * undefined aliases are errors; aliases are expanded within the limits of
 * sai_tree_limits, so an alias bomb stops at the node limit.
 */
#ifndef SA_YAMLREADER_INTERNAL_H
#define SA_YAMLREADER_INTERNAL_H

#include <stdio.h>
#include <libxml/tree.h>
#include "stationaudit.h"
#include "tree-internal.h"

typedef struct sai_yaml_reader sai_yaml_reader;

typedef struct sai_yaml_options {
	const char *format;         /* "yaml" or "json" (static) */
	int mark_items;             /* set sa:item="1" on sequence items */
	sai_tree_limits limits;
	unsigned long max_record_bytes; /* input consumed by one record */
	/* Report mode (reading our own JSON reports back): the records are
	 * the items of the sequence under this top-level key, and the other
	 * top-level keys are skipped.  NULL: dossier mode. */
	const char *list_key;
	/* A part of a larger file (a run cuts long streams at document
	 * markers): lines before its first byte, added to every position;
	 * and no complaint when it holds no record. */
	unsigned long line_base;
	size_t byte_base;           /* bytes before it, for messages */
	int part;
} sai_yaml_options;

void sai_yaml_options_default(sai_yaml_options *opts);

/* Reads from f (not closed by the reader) or from a buffer that must
 * outlive the reader.  file names the input in messages. */
sa_status sai_yaml_open_file(FILE *f, const char *file,
			     const sai_yaml_options *opts,
			     sai_yaml_reader **out, sa_error *err);
sa_status sai_yaml_open_buffer(const char *buf, size_t len, const char *file,
			       const sai_yaml_options *opts,
			       sai_yaml_reader **out, sa_error *err);
void sai_yaml_free(sai_yaml_reader *r);

/* Dossier mode: the next record.  A document whose top level is
 * {station: {...}} (any single key) is one record rooted at that key;
 * {stations: [...]} or a top-level sequence gives one record per item,
 * rooted at <station>, read one at a time.  *doc is NULL at the end.
 * line and column: where the record starts.  After an error the next
 * call goes on: after a syntax error, at the first document marker
 * ("---" at a line start) on or after the error's line (and after the
 * line its document began on), as if the stream were cut at every
 * marker; after a record that is well-formed YAML but wrong, with the
 * next item of its list or the next document; after no memory or bytes
 * that cannot be read, it gives the end. */
sa_status sai_yaml_next_record(sai_yaml_reader *r, xmlDocPtr *doc,
			       unsigned long *line, unsigned long *column,
			       sa_error *err);

/* Document mode (packs): the whole next document under a root element of
 * the given name; *doc is NULL at the end of the stream. */
sa_status sai_yaml_next_document(sai_yaml_reader *r, const char *root,
				 xmlDocPtr *doc, sa_error *err);

#endif
