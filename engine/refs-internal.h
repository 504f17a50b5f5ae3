/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refs-internal.h - reference tables: CSV files a pack declares under
 * `references:` (the national division codes first), read, checked and
 * indexed by their key column at compile time; every thread's XPath reads
 * them as a tree:
 *
 *   <table><row><code>420302001</code><name>武当路街道</name>...</row>...
 *
 * Each row keeps its line in the CSV file.  A row's nodes are built when
 * it is first looked up (every row on the first sai_refs_rows), under a
 * lock, and never change after; the packs of a process that declare the
 * same unchanged file share its table.
 */
#ifndef SA_REFS_INTERNAL_H
#define SA_REFS_INTERNAL_H

#include <libxml/tree.h>
#include "stationaudit.h"

typedef struct sai_refs sai_refs;

sai_refs *sai_refs_new(void);
void sai_refs_free(sai_refs *refs);

/* Loads a CSV file (a header row of column names, then rows; RFC 4180
 * quoting) as table name, indexed by column key (NULL: no index).
 * Refused unless path is a regular UTF-8 file of at most 512 MiB that
 * resolves inside the folder inside (NULL: anywhere). */
sa_status sai_refs_load_csv_in(sai_refs *refs, const char *name,
			       const char *path, const char *key,
			       const char *inside, sa_error *err);

/* 1 when a table of that name is loaded. */
int sai_refs_has(const sai_refs *refs, const char *name);
/* The first row of a table (the others are its element siblings), or
 * NULL when the table is empty or unknown. */
xmlNodePtr sai_refs_rows(const sai_refs *refs, const char *name);
/* The row whose key column equals key, or NULL. */
xmlNodePtr sai_refs_lookup(const sai_refs *refs, const char *name,
			   const char *key);
/* Calls fn(key, len, arg) with the key of every row of a table, in file
 * order, without building the rows (cheap on a table of 40,000 rows);
 * the key is not NUL-terminated.  The number of rows, or -1 when the
 * table is unknown or has no key column. */
long sai_refs_each_key(const sai_refs *refs, const char *name,
		       void (*fn)(const char *key, size_t len, void *arg),
		       void *arg);
/* The file a node of a table comes from, or NULL when it is not in a
 * table. */
const char *sai_refs_file_of(const xmlNode *node);

#endif
