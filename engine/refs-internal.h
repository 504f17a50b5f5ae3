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
 * same unchanged file share its table.  A record's look-ups by key may
 * instead build their rows in the thread's own document
 * (sai_refs_lookup_scratch), and a single field can be read without
 * building its row (sai_refs_field).
 */
#ifndef SA_REFS_INTERNAL_H
#define SA_REFS_INTERNAL_H

#include <stdio.h>
#include <libxml/tree.h>
#include "stationaudit.h"

typedef struct sai_refs sai_refs;

sai_refs *sai_refs_new(void);
void sai_refs_free(sai_refs *refs);

/* Loads a CSV file (a header row of column names, then rows; RFC 4180
 * quoting) as table name, indexed by column key (NULL: no index): a
 * non-empty key on two rows, a NUL byte or an empty file is refused, at
 * its line and column.
 * Refused unless path is a regular UTF-8 file of at most 512 MiB that
 * resolves inside the folder inside (NULL: anywhere).  When path.idx
 * (inside the same folder) is an index of this very file for this key,
 * the file is not scanned: its rows are found and checked through the
 * index as they are used; any other path.idx is ignored. */
sa_status sai_refs_load_csv_in(sai_refs *refs, const char *name,
			       const char *path, const char *key,
			       const char *inside, sa_error *err);
/* Scans the CSV file path with its key column key, as
 * sai_refs_load_csv_in does, and writes its index to out (the caller
 * opens and closes it).  The index is valid only for the exact bytes of
 * path, on a machine of the same byte order.  SA_ERR_IO: a write failed
 * (errno says why; err is not filled). */
sa_status sai_refs_write_index(const char *path, const char *key, FILE *out,
			       sa_error *err);
/* 1 when the table name was read through its index. */
int sai_refs_indexed(const sai_refs *refs, const char *name);

/* 1 when a table of that name is loaded. */
int sai_refs_has(const sai_refs *refs, const char *name);
/* The first row of a table (the others are its element siblings), or
 * NULL when the table is empty or unknown. */
xmlNodePtr sai_refs_rows(const sai_refs *refs, const char *name);
/* After sai_refs_rows: the number of rows of table name not built
 * (memory ran out, or the table's index does not match it), when the
 * rows it gave are not the whole table; else 0. */
size_t sai_refs_unbuilt(const sai_refs *refs, const char *name);
/* The fields (rows times columns) a table read whole may have: every
 * one becomes nodes (some 500 bytes each), so ref(table) over a 3
 * million row table took 1.8 GB; past it ref(table) is an error, and
 * the rows are read by key.  The national division tables have 210,000. */
#define SAI_REFS_WHOLE_FIELDS 500000ul
/* The number of fields (rows times columns) of table name; 0 when it is
 * unknown or empty. */
unsigned long sai_refs_fields(const sai_refs *refs, const char *name);
/* The row whose key column equals key, or NULL. */
xmlNodePtr sai_refs_lookup(const sai_refs *refs, const char *name,
			   const char *key);
/* A thread's own rows of the tables it looks up by key: built there
 * without the lock and freed by sai_refs_scratch_trim, so that a run
 * over hundreds of thousands of records does not keep every row one of
 * them looked up.  A table read whole (sai_refs_rows) is looked up in
 * its shared rows instead, so that both give the same nodes. */
typedef struct sai_refs_scratch sai_refs_scratch;
sai_refs_scratch *sai_refs_scratch_new(void);
void sai_refs_scratch_free(sai_refs_scratch *s);
/* As sai_refs_lookup, the row built in s (NULL s: in the table); it
 * lives until s is trimmed.  A table that a rule may read whole (see
 * sai_refs_note_reads) is looked up in its shared rows. */
xmlNodePtr sai_refs_lookup_scratch(const sai_refs *refs, const char *name,
				   const char *key, sai_refs_scratch *s);
/* Notes, before any record, which tables the XPath text expr may read
 * whole: ref('name') (every table when the name is not a literal), so
 * that one expression never mixes a thread's rows of a table with the
 * shared ones. */
void sai_refs_note_reads(sai_refs *refs, const char *expr);
/* Frees the rows of s when there are more than keep (call it where no
 * node of them is referenced); 1 when it did. */
int sai_refs_scratch_trim(sai_refs_scratch *s, size_t keep);
/* 1 when a row of table name has key as its key. */
int sai_refs_contains(const sai_refs *refs, const char *name,
		      const char *key);
/* The text of column column in the row whose key is key, read from the
 * file without building the row, or NULL (no such table, row or column).
 * The string lives as long as the table. */
const char *sai_refs_field(const sai_refs *refs, const char *name,
			   const char *key, const char *column);
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
