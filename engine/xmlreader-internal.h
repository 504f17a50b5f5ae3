/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlreader-internal.h - the project's one adapter for parsing XML.
 * Nothing else calls xmlRead*, xmlReader* or xmlParse* (a meta-test
 * enforces it).
 *
 * XML dossiers are read with libxml2's SAX2 push parser, a record at a
 * time: a <stations> root gives one record per child element, any other
 * root is one record.  No network, no DTD loading, no entity expansion:
 * a document with a DOCTYPE or an entity reference is refused.  Each
 * record is built from the parser's events through sai_builder (no
 * libxml2 tree in between), so the same limits apply as for YAML.
 */
#ifndef SA_XMLREADER_INTERNAL_H
#define SA_XMLREADER_INTERNAL_H

#include <libxml/tree.h>
#include "stationaudit.h"
#include "tree-internal.h"

typedef struct sai_xml_reader sai_xml_reader;

/* path "-" reads standard input. */
sa_status sai_xml_open_file(const char *path, const char *file,
			    const sai_tree_limits *lim,
			    sai_xml_reader **out, sa_error *err);
sa_status sai_xml_open_buffer(const char *buf, size_t len, const char *file,
			      const sai_tree_limits *lim,
			      sai_xml_reader **out, sa_error *err);
void sai_xml_free(sai_xml_reader *r);
/* The reader reads a part of a file (sai_source_open_part): line_base
 * is added to every line, and a part without a record is no error. */
void sai_xml_set_part(sai_xml_reader *r, unsigned long line_base);

/* The next record; *doc is NULL at the end. */
sa_status sai_xml_next_record(sai_xml_reader *r, xmlDocPtr *doc,
			      unsigned long *line, unsigned long *column,
			      sa_error *err);

/* Loads an XSD: read as a bounded input file (a FIFO, device or folder
 * is refused, never read), with no network, no DOCTYPE and no
 * xs:include/import/redefine (a schema is one self-contained file);
 * errors name the schema file and line and never quote it. */
sa_status sai_xml_schema_load(const char *path, void **schema, sa_error *err);
void sai_xml_schema_free(void *schema);

/* Reads a schema as a plain tree (blanks dropped) under the same rules
 * as sai_xml_schema_load; free it with xmlFreeDoc. */
sa_status sai_xml_read_tree(const char *path, xmlDocPtr *doc, sa_error *err);

#endif
