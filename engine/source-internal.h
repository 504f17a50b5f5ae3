/* SPDX-License-Identifier: Apache-2.0 */
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
	const char *encoding;   /* converted from it (--encoding), or NULL */
};

/* The format a file name implies ("yaml", "json", "xml") or NULL. */
const char *sai_source_format_of(const char *path);
const char *sai_source_file(const sa_source *s);

/* Files up to this size are read whole by sai_source_open_hashed. */
#define SAI_SOURCE_WHOLE_MAX (4ul * 1024 * 1024)

/* Files converted from another encoding (--encoding) are read whole, up
 * to this size. */
#define SAI_SOURCE_CONVERT_MAX (64ul * 1024 * 1024)

/* Opens a file as sa_source_open does and, when hex is not NULL, puts the
 * SHA-256 of its bytes there ("" when it cannot be read; standard input is
 * not hashed).  A regular file of up to SAI_SOURCE_WHOLE_MAX bytes is read
 * once, whole, for both; a larger one is hashed and then streamed.
 * ro (may be NULL): the run's lang says the language of the messages
 * about a file that is not UTF-8, and with its encoding set the file is
 * converted from it to UTF-8 (read whole; its records carry the
 * encoding). */
sa_status sai_source_open_hashed(const char *path, char hex[65],
				 const sa_run_options *ro, sa_source **out,
				 sa_error *err);

/* A part of a file: bytes [offset, offset + len), from line line_base + 1;
 * for XML, the file's first head_len bytes (up to the end of the root's
 * start tag) go before it and the root's end tag after it. */
typedef struct sai_part {
	size_t offset, len;
	unsigned long line_base;
	size_t head_len;
} sai_part;

/* Opens a part of the file path that sai_source_cut_yaml or
 * sai_source_cut_xml cut (it starts at a line start) as a source of its
 * own.  Positions in records and messages are the file's. */
sa_status sai_source_open_part(const char *path, const struct sai_part *part,
			       const sa_run_options *ro, sa_source **out,
			       sa_error *err);

/* Cuts a YAML file of at least min bytes that holds several documents
 * into parts of about target bytes, each starting at a document marker
 * ("---" at the start of a line) but the first, so that they can be
 * parsed apart.  *parts (caller frees) and *n; *n is 0 when the file is
 * not cut (small, one document, directives, not a regular file).  -1
 * when out of memory, else 0. */
int sai_source_cut_yaml(const char *path, size_t min, size_t target,
			sai_part **parts, size_t *n);

/* The same for an XML <stations> file: cut before records (children of
 * the root) that start a line.  Not cut: a DOCTYPE, another root, a
 * record that does not start a line first, a file not in an encoding
 * that keeps ASCII (UTF-16, ...). */
int sai_source_cut_xml(const char *path, size_t min, size_t target,
		       sai_part **parts, size_t *n);

/* How many bytes of a file's start sai_report_kind_at reads. */
#define SAI_REPORT_HEAD 4096

/* Whether a file's first n bytes (head) are one of the reports that
 * stationaudit writes, by their top-level marker: the JSON report's
 * (or diff's) "schema", SARIF's "$schema", Code Quality's first finding,
 * JUnit's <testsuites> root, SVRL's <schematron-output> root in its
 * namespace.  The report's kind ("JSON", "SARIF", ...) or NULL.  Such a
 * file is never a dossier: named, it is a load error that says so. */
const char *sai_report_kind(const char *head, size_t n);

/* The same for the regular file name in the folder dirfd (a symbolic
 * link is not followed; a FIFO is not waited on): for a folder walk. */
const char *sai_report_kind_at(int dirfd, const char *name);

#endif
