/*
 * source-internal.h - the record structure shared by the loaders and the
 * evaluator.
 */
#ifndef SA_SOURCE_INTERNAL_H
#define SA_SOURCE_INTERNAL_H

#include <libxml/tree.h>
#include "stationaudit.h"

struct sa_record {
	xmlDocPtr doc;
	char *file;
	unsigned long line;
	unsigned long column;
	size_t index;
	const char *format;
};

/* The format a file name implies ("yaml", "json", "xml") or NULL. */
const char *sai_source_format_of(const char *path);
const char *sai_source_file(const sa_source *s);

#endif
