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

/* Files up to this size are read whole by sai_source_open_hashed. */
#define SAI_SOURCE_WHOLE_MAX (4ul * 1024 * 1024)

/* Opens a file as sa_source_open does and, when hex is not NULL, puts the
 * SHA-256 of its bytes there ("" when it cannot be read; standard input is
 * not hashed).  A regular file of up to SAI_SOURCE_WHOLE_MAX bytes is read
 * once, whole, for both; a larger one is hashed and then streamed. */
sa_status sai_source_open_hashed(const char *path, char hex[65],
				 sa_source **out, sa_error *err);

#endif
