/*
 * refs.c - reference tables from CSV files.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "refs-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "i18n.h"

#define MAX_TABLE_BYTES (512ul * 1024 * 1024)
#define MAX_COLUMNS 64

typedef struct table {
	char *name;
	char *path;
	xmlDocPtr doc;
	xmlHashTablePtr index;
} table;

struct sai_refs {
	table *tables;
	size_t n;
};

sai_refs *sai_refs_new(void)
{
	return calloc(1, sizeof(sai_refs));
}

void sai_refs_free(sai_refs *refs)
{
	size_t i;

	if (!refs)
		return;
	for (i = 0; i < refs->n; i++) {
		free(refs->tables[i].name);
		free(refs->tables[i].path);
		if (refs->tables[i].index)
			xmlHashFree(refs->tables[i].index, NULL);
		if (refs->tables[i].doc)
			sai_tree_free(refs->tables[i].doc);
	}
	free(refs->tables);
	free(refs);
}

static const table *find(const sai_refs *refs, const char *name)
{
	size_t i;

	for (i = 0; refs && name && i < refs->n; i++)
		if (!strcmp(refs->tables[i].name, name))
			return &refs->tables[i];
	return NULL;
}

int sai_refs_has(const sai_refs *refs, const char *name)
{
	return find(refs, name) != NULL;
}

xmlNodePtr sai_refs_rows(const sai_refs *refs, const char *name)
{
	const table *t = find(refs, name);
	xmlNodePtr root = t ? xmlDocGetRootElement(t->doc) : NULL;

	return root ? xmlFirstElementChild(root) : NULL;
}

xmlNodePtr sai_refs_lookup(const sai_refs *refs, const char *name,
			   const char *key)
{
	const table *t = find(refs, name);

	if (!t || !t->index || !key)
		return NULL;
	return xmlHashLookup(t->index, (const xmlChar *)key);
}

const char *sai_refs_file_of(const xmlNode *node)
{
	if (!node || !node->doc || !node->doc->URL)
		return NULL;
	return (const char *)node->doc->URL;
}

/* ---- CSV ------------------------------------------------------------------ */

typedef struct csv {
	const char *p, *end;
	unsigned long line;
	sai_strbuf field;
} csv;

/* Reads one field into c->field; returns 1 when a row continues after it
 * (a comma), 0 at the end of a row or the file, -1 on a broken quote. */
static int csv_field(csv *c)
{
	sai_strbuf_reset(&c->field);
	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			if (c->p >= c->end)
				return -1;
			if (*c->p == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					sai_strbuf_addc(&c->field, '"');
					c->p += 2;
					continue;
				}
				c->p++;
				break;
			}
			if (*c->p == '\n')
				c->line++;
			sai_strbuf_addc(&c->field, *c->p++);
		}
	} else {
		while (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
		       *c->p != '\r')
			sai_strbuf_addc(&c->field, *c->p++);
	}
	if (c->p < c->end && *c->p == ',') {
		c->p++;
		return 1;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->line++;
	} else if (c->p < c->end) {
		return -1;
	}
	return 0;
}

static sa_status csv_error(const char *path, unsigned long line,
			   const char *what, sa_error *err)
{
	return sai_error_set(err, SA_ERR_PACK, path, line, 0,
			     _("reference table: %s"), what);
}

static sa_status read_header(csv *c, const char *path, char **cols, int *n,
			     sa_error *err)
{
	int more;

	*n = 0;
	do {
		more = csv_field(c);
		if (more < 0)
			return csv_error(path, c->line, _("broken quoting in the "
					 "header"), err);
		if (*n >= MAX_COLUMNS)
			return csv_error(path, 1, _("too many columns"), err);
		if (!sai_tree_name_ok(sai_strbuf_str(&c->field)))
			return csv_error(path, 1, _("a column name must be a "
					 "word (letters, digits, _ -)"), err);
		if (!(cols[(*n)++] = sai_strdup(sai_strbuf_str(&c->field))))
			return SA_ERR_NOMEM;
	} while (more);
	return SA_OK;
}

static sa_status read_row(csv *c, sai_builder *b, char **cols, int ncols,
			  const char *path, sa_error *err)
{
	unsigned long line = c->line;
	int col = 0, more;
	sa_status st = sai_builder_start(b, "row", line, 0);

	do {
		more = csv_field(c);
		if (more < 0)
			return csv_error(path, line, _("broken quoting"), err);
		if (col >= ncols)
			return csv_error(path, line, _("more fields than the "
					 "header has columns"), err);
		if (st == SA_OK)
			st = sai_builder_start(b, cols[col], line, 0);
		if (st == SA_OK)
			st = sai_builder_text(b, sai_strbuf_str(&c->field),
					      c->field.len);
		if (st == SA_OK)
			st = sai_builder_end(b);
		col++;
	} while (more && st == SA_OK);
	if (st == SA_OK)
		st = sai_builder_end(b);
	return st;
}

static sa_status index_rows(table *t, const char *key, sa_error *err)
{
	xmlNodePtr row, c;

	if (!(t->index = xmlHashCreate(1024)))
		return SA_ERR_NOMEM;
	for (row = xmlFirstElementChild(xmlDocGetRootElement(t->doc)); row;
	     row = xmlNextElementSibling(row)) {
		for (c = xmlFirstElementChild(row); c; c = xmlNextElementSibling(c))
			if (!strcmp((const char *)c->name, key))
				break;
		if (!c)
			return sai_error_set(err, SA_ERR_PACK, t->path,
					     sai_node_line(row), 0, _("reference "
					     "table: no key column '%s'"), key);
		/* The first row of a key wins; later duplicates are ignored
		 * by ref(name, key) but remain in ref(name). */
		if (c->children && c->children->content)
			xmlHashAddEntry(t->index, c->children->content, row);
	}
	return SA_OK;
}

static sa_status parse_table(table *t, const char *buf, size_t len,
			     const char *key, sa_error *err)
{
	sai_tree_limits lim = { 4, 100000000ul, MAX_TABLE_BYTES };
	char *cols[MAX_COLUMNS];
	csv c = { buf, buf + len, 1, { NULL, 0, 0, 0 } };
	sai_builder b;
	int n = 0, i;
	sa_status st = sai_builder_init(&b, "csv", &lim);

	if (st == SA_OK)
		st = sai_builder_start(&b, "table", 1, 0);
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		c.p += 3;
	if (st == SA_OK)
		st = read_header(&c, t->path, cols, &n, err);
	while (st == SA_OK && c.p < c.end) {
		if (*c.p == '\n' || *c.p == '\r') {
			c.line += *c.p == '\n';
			c.p++;
			continue;
		}
		st = read_row(&c, &b, cols, n, t->path, err);
	}
	if (st == SA_OK && (st = sai_builder_end(&b)) == SA_OK) {
		t->doc = sai_builder_finish(&b);
		t->doc->URL = xmlStrdup((const xmlChar *)t->path);
		if (key)
			st = index_rows(t, key, err);
	}
	for (i = 0; i < n; i++)
		free(cols[i]);
	sai_builder_release(&b);
	sai_strbuf_release(&c.field);
	if (st == SA_ERR_NOMEM)
		sai_error_set(err, st, t->path, 0, 0, _("out of memory"));
	return st;
}

/* Refuses a table that is not UTF-8 (a GBK export from a spreadsheet is
 * the usual case), at the line and column of the first bad byte. */
static sa_status check_utf8(const char *path, const char *buf, size_t len,
			    sa_error *err)
{
	size_t ok = sai_utf8_valid_prefix(buf, len);
	unsigned long line, col;

	if (ok == len)
		return SA_OK;
	sai_locate_offset(buf, len, NULL, ok, &line, &col);
	sai_error_set(err, SA_ERR_PACK, path, line, col, _("the reference table "
		      "is not UTF-8 (byte 0x%02x): save it as UTF-8, for "
		      "example iconv -f GBK -t UTF-8"), (unsigned char)buf[ok]);
	sai_error_set_source(err, buf, len, line);
	return SA_ERR_PACK;
}

sa_status sai_refs_load_csv_in(sai_refs *refs, const char *name,
			       const char *path, const char *key,
			       const char *inside, sa_error *err)
{
	sai_input_rule rule = { _("reference table"), MAX_TABLE_BYTES, 0, inside,
				SA_ERR_PACK };
	table *t;
	char *buf;
	size_t len = 0;
	sa_status st;

	if (find(refs, name))
		return SA_OK;
	if ((st = sai_input_read(path, &rule, &buf, &len, err)) != SA_OK)
		return st;
	if ((st = check_utf8(path, buf, len, err)) != SA_OK) {
		free(buf);
		return st;
	}
	t = realloc(refs->tables, (refs->n + 1) * sizeof(*t));
	if (!t) {
		free(buf);
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	}
	refs->tables = t;
	t = &refs->tables[refs->n++];
	memset(t, 0, sizeof(*t));
	t->name = sai_strdup(name);
	t->path = sai_strdup(path);
	st = t->name && t->path ? parse_table(t, buf, len, key, err) :
		SA_ERR_NOMEM;
	free(buf);
	return st;
}
