/* SPDX-License-Identifier: Apache-2.0 */
/*
 * collect-internal.h - what the records keep for the collection-scope
 * rules: per record, only the elements those rules read (the compiled
 * pack's collect_names); per run, one <records> document in an arena with
 * a shared dictionary of names, which the collection rules evaluate.
 */
#ifndef SA_COLLECT_INTERNAL_H
#define SA_COLLECT_INTERNAL_H

#include <libxml/tree.h>

#include "stationaudit.h"
#include "tree-internal.h"

/* The projection of record rec for the pack's judged collection rules:
 * its root (attributes, position, sa:file naming rec's file) with the
 * children they read, in a document of its own (free it with
 * sai_tree_free).  *out is NULL, and SA_OK returned, when no judged
 * collection rule reads the records. */
sa_status sai_collect_project(const sa_pack *p, const sa_record *rec,
			      xmlDocPtr *out);

/* The run's <records> document, filled in run order. */
typedef struct sai_collection {
	sai_builder b;
	int started;
} sai_collection;

/* Starts an empty <records> document (release with
 * sai_collection_release). */
sa_status sai_collection_init(sai_collection *c);
/* Appends a copy of projection proj's root (the caller still owns and
 * frees proj). */
sa_status sai_collection_add(sai_collection *c, xmlDocPtr proj);
/* The document (owned by c), NULL before init. */
xmlDocPtr sai_collection_doc(const sai_collection *c);
void sai_collection_release(sai_collection *c);

#endif
