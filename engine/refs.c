/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refs.c - reference tables from CSV files.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "refs-internal.h"
#include "tree-internal.h"
#include "util-internal.h"

#define MAX_TABLE_BYTES (512ul * 1024 * 1024)
#define MAX_COLUMNS 64
#define MAX_NODES 100000000ul
#define NO_ROW UINT32_MAX

/* A table is read and checked whole when the pack is compiled (its CSV
 * syntax, UTF-8, key column), and its rows are indexed by key there; a
 * row becomes a tree node only when a rule first asks for it (ref(name,
 * key)), or every row does on the first ref(name).  The division tables
 * are 2 MB and 75,000 rows, of which one dossier reads a handful, so
 * building them all up front was most of the time of a short run.  Rows
 * built late are linked where the file has them and carry their row
 * number the way xmlXPathOrderDocElems numbers elements, so document
 * order (and every node-set sort) is as if the table were built whole. */
typedef struct table {
	char *name;
	char *path;
	char *buf;                 /* the file, kept: rows are built from it */
	size_t len;
	char *cols[MAX_COLUMNS];
	int ncols;
	size_t nrows;
	uint32_t *start;           /* offset of each row in buf */
	uint32_t *line;            /* its line in the file */
	uint32_t *key_off;         /* its key: in buf, or in keys when */
	uint32_t *key_len;         /* the top bit of key_len is set */
	sai_strbuf keys;           /* keys that needed unquoting */
	uint32_t *slots;           /* key -> row + 1, open addressing */
	size_t nslots;             /* a power of two; 0: no index */
	_Atomic(xmlNodePtr) *rows; /* the rows built so far */
	char **fields[MAX_COLUMNS]; /* single fields read so far, per
				    * column and row (sai_refs_field) */
	atomic_int whole;          /* every row built */
	atomic_int read_whole;     /* a loaded rule may read it whole
				    * (sai_refs_note_reads) */
	sai_builder b;             /* holds the document, open at its root */
	xmlDocPtr doc;
	pthread_mutex_t lock;      /* building rows */
	char *key;                 /* the key column, or NULL */
	struct stat id;            /* the file when it was read */
	int from_index;            /* start..slots came from a prebuilt
				    * index: every use checks them */
	int in_cache;              /* shared: see share() */
	unsigned users;            /* packs using it (under cache_lock) */
	struct table *next;        /* in the cache */
} table;

struct sai_refs {
	table **tables;
	size_t n;
};

#define KEY_COPIED 0x80000000u

typedef struct csv_reader {
	const char *p, *end;
	unsigned long line;
	sai_strbuf field;
} csv_reader;

sai_refs *sai_refs_new(void)
{
	return calloc(1, sizeof(sai_refs));
}

static void table_free(table *t)
{
	int i;

	free(t->name);
	free(t->path);
	free(t->key);
	free(t->buf);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->start);
	free(t->line);
	free(t->key_off);
	free(t->key_len);
	sai_strbuf_release(&t->keys);
	free(t->slots);
	free((void *)t->rows);
	for (i = 0; i < t->ncols; i++) {
		for (size_t r = 0; t->fields[i] && r < t->nrows; r++)
			free(t->fields[i][r]);
		free(t->fields[i]);
	}
	sai_builder_release(&t->b);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void release(table *t);

void sai_refs_free(sai_refs *refs)
{
	size_t i;

	if (!refs)
		return;
	for (i = 0; i < refs->n; i++)
		release(refs->tables[i]);
	free(refs->tables);
	free(refs);
}

static table *find(const sai_refs *refs, const char *name)
{
	size_t i;

	for (i = 0; refs && name && i < refs->n; i++)
		if (!strcmp(refs->tables[i]->name, name))
			return refs->tables[i];
	return NULL;
}

int sai_refs_has(const sai_refs *refs, const char *name)
{
	return find(refs, name) != NULL;
}

static sa_status read_row(csv_reader *c, sai_builder *b, const table *t,
			  sa_error *err);

/* 1 when row i, read up to p, ends where the next row starts (after
 * blank lines) or the file ends: a row of a prebuilt index must, so that
 * rows never overlap however the index lies. */
static int row_fits(const table *t, size_t i, const char *p)
{
	const char *end = t->buf + t->len;

	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	return (size_t)(p - t->buf) == (i + 1 < t->nrows ? t->start[i + 1] :
					 t->len);
}

/* 1 when row i may be read from where the table says it starts: always
 * for a scanned CSV; for a prebuilt index, at the start of a line. */
static int row_start_ok(const table *t, size_t i)
{
	size_t at = t->start[i];

	return !t->from_index || (at > 0 && at < t->len &&
				  t->buf[at - 1] == '\n');
}

/* Links row into root after prev (NULL: first). */
static void link_after(xmlNodePtr root, xmlNodePtr prev, xmlNodePtr row)
{
	row->prev = prev;
	row->next = prev ? prev->next : root->children;
	if (row->next)
		row->next->prev = row;
	else
		root->last = row;
	if (prev)
		prev->next = row;
	else
		root->children = row;
}

/* Links row after the nearest row before i that is built. */
static void link_row(table *t, xmlNodePtr root, xmlNodePtr row, size_t i)
{
	xmlNodePtr prev = NULL;
	size_t j;

	for (j = i; j-- > 0 && !prev;)
		prev = atomic_load_explicit(&t->rows[j], memory_order_relaxed);
	link_after(root, prev, row);
}

/* Reads row i of t into builder b (open at root) and takes it off the
 * end of root again: the row, unlinked, or NULL when it cannot be read
 * or a prebuilt index lies about it (a refused row stays in the
 * document's arena, unlinked).  The row carries its number the way
 * xmlXPathOrderDocElems numbers elements. */
static xmlNodePtr read_row_at(const table *t, sai_builder *b,
			      xmlNodePtr root, size_t i)
{
	csv_reader c = { NULL, t->buf + t->len, t->line[i],
			 { NULL, 0, 0, 0 } };
	xmlNodePtr row, before;
	sa_error err;
	sa_status st;

	if (!row_start_ok(t, i))
		return NULL;
	c.p = t->buf + t->start[i];
	before = root->last;
	sa_error_clear(&err);
	st = read_row(&c, b, t, &err);
	sai_strbuf_release(&c.field);
	row = root->last;
	b->cur = root;
	b->depth = 1;
	if (!row || row == before)
		return NULL;
	root->last = row->prev;
	if (row->prev)
		row->prev->next = NULL;
	else
		root->children = NULL;
	row->prev = NULL;
	if (st != SA_OK || (t->from_index && !row_fits(t, i, c.p)))
		return NULL;
	row->content = (xmlChar *)(intptr_t)-(intptr_t)(i + 1);
	return row;
}

/* Builds row i and links it after the nearest row before it that is
 * built (the caller holds the lock). */
static xmlNodePtr build_row(table *t, size_t i)
{
	xmlNodePtr root = xmlDocGetRootElement(t->doc);
	xmlNodePtr row = read_row_at(t, &t->b, root, i);

	if (!row)
		return NULL;
	link_row(t, root, row, i);
	atomic_store_explicit(&t->rows[i], row, memory_order_release);
	return row;
}

static xmlNodePtr row_at(table *t, size_t i)
{
	xmlNodePtr row = atomic_load_explicit(&t->rows[i],
					      memory_order_acquire);

	if (row)
		return row;
	pthread_mutex_lock(&t->lock);
	row = atomic_load_explicit(&t->rows[i], memory_order_relaxed);
	if (!row)
		row = build_row(t, i);
	pthread_mutex_unlock(&t->lock);
	return row;
}

xmlNodePtr sai_refs_rows(const sai_refs *refs, const char *name)
{
	table *t = find(refs, name);
	xmlNodePtr root;
	size_t i, lost = 0;

	if (!t)
		return NULL;
	if (!atomic_load_explicit(&t->whole, memory_order_acquire)) {
		pthread_mutex_lock(&t->lock);
		for (i = 0; i < t->nrows; i++)
			if (!atomic_load_explicit(&t->rows[i],
						  memory_order_relaxed) &&
			    !build_row(t, i))
				lost++;
		/* rows that could not be built are tried again next time
		 * (sai_refs_unbuilt counts them) */
		if (!lost)
			atomic_store_explicit(&t->whole, 1,
					      memory_order_release);
		pthread_mutex_unlock(&t->lock);
	}
	root = xmlDocGetRootElement(t->doc);
	return root ? xmlFirstElementChild(root) : NULL;
}

size_t sai_refs_unbuilt(const sai_refs *refs, const char *name)
{
	table *t = find(refs, name);
	size_t i, n = 0;

	if (!t || atomic_load_explicit(&t->whole, memory_order_acquire))
		return 0;
	for (i = 0; i < t->nrows; i++)
		n += !atomic_load_explicit(&t->rows[i], memory_order_acquire);
	return n;
}

unsigned long sai_refs_fields(const sai_refs *refs, const char *name)
{
	const table *t = find(refs, name);

	return t ? (unsigned long)t->nrows * (unsigned long)t->ncols : 0;
}

static const char *key_of(const table *t, size_t i, size_t *len)
{
	*len = t->key_len[i] & ~KEY_COPIED;
	if (t->key_len[i] & KEY_COPIED)
		return t->keys.buf + t->key_off[i];
	return t->buf + t->key_off[i];
}

static uint32_t hash_key(const char *k, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*k++) * 16777619u;
	return h;
}

/* Row's key, or NULL when a prebuilt index puts it outside the text it
 * names (every use of an index's offsets is checked). */
static const char *key_at(const table *t, size_t row, size_t *len)
{
	size_t off = t->key_off[row], limit;
	const char *rk;

	limit = (t->key_len[row] & KEY_COPIED) ? t->keys.len : t->len;
	if (t->from_index && off > limit)
		return NULL;
	rk = key_of(t, row, len);
	if (t->from_index && *len > limit - off)
		return NULL;
	return rk;
}

static int same_key(const table *t, size_t row, const char *k, size_t len)
{
	size_t kl;
	const char *rk = key_at(t, row, &kl);

	return rk && kl == len && !memcmp(rk, k, len);
}

/* The first row whose key is k, or NO_ROW.  At most every slot is
 * probed, and a slot past the rows is no match: a prebuilt index may
 * have no free slot or name rows it does not have. */
static uint32_t find_key(const table *t, const char *k, size_t len)
{
	size_t s = hash_key(k, len) & (t->nslots - 1), n;

	for (n = 0; n < t->nslots && t->slots[s]; n++) {
		if (t->slots[s] <= t->nrows &&
		    same_key(t, t->slots[s] - 1, k, len))
			return t->slots[s] - 1;
		s = (s + 1) & (t->nslots - 1);
	}
	return NO_ROW;
}

xmlNodePtr sai_refs_lookup(const sai_refs *refs, const char *name,
			   const char *key)
{
	table *t = find(refs, name);
	uint32_t i;

	if (!t || !t->nslots || !key)
		return NULL;
	i = find_key(t, key, strlen(key));
	return i == NO_ROW ? NULL : row_at(t, i);
}

/* ---- a thread's rows --------------------------------------------------- */

/* The rows one thread looked up by key in one table, in a document of
 * their own (linked in file order), with a map from row number to row. */
typedef struct scratch_table {
	const table *t;
	sai_builder b;
	uint32_t *row;             /* open addressing: row number + 1 */
	xmlNodePtr *node;
	size_t nslots, n;
} scratch_table;

struct sai_refs_scratch {
	scratch_table *tabs;
	size_t n, rows;
};

sai_refs_scratch *sai_refs_scratch_new(void)
{
	return calloc(1, sizeof(sai_refs_scratch));
}

static void scratch_table_clear(scratch_table *st)
{
	sai_builder_release(&st->b);
	free(st->row);
	free(st->node);
	st->row = NULL;
	st->node = NULL;
	st->nslots = st->n = 0;
}

int sai_refs_scratch_trim(sai_refs_scratch *s, size_t keep)
{
	size_t i;

	if (!s || s->rows <= keep)
		return 0;
	for (i = 0; i < s->n; i++)
		scratch_table_clear(&s->tabs[i]);
	s->rows = 0;
	return 1;
}

void sai_refs_scratch_free(sai_refs_scratch *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		scratch_table_clear(&s->tabs[i]);
	free(s->tabs);
	free(s);
}

static scratch_table *scratch_of(sai_refs_scratch *s, const table *t)
{
	scratch_table *tabs;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->tabs[i].t == t)
			return &s->tabs[i];
	if (!(tabs = realloc(s->tabs, (s->n + 1) * sizeof(*tabs))))
		return NULL;
	s->tabs = tabs;
	memset(&tabs[s->n], 0, sizeof(*tabs));
	tabs[s->n].t = t;
	return &tabs[s->n++];
}

/* The slot of row i in st's map: where it is, or the free one where it
 * goes. */
static size_t scratch_slot(const scratch_table *st, size_t i)
{
	size_t k = (i * 2654435761u) & (st->nslots - 1);

	while (st->row[k] && st->row[k] != i + 1)
		k = (k + 1) & (st->nslots - 1);
	return k;
}

/* Room for one more row in st's map and, on first use, its document. */
static int scratch_room(scratch_table *st)
{
	sai_tree_limits lim = { 4, MAX_NODES, MAX_TABLE_BYTES };
	scratch_table old = *st;
	size_t i, k;

	if (!st->b.doc &&
	    (sai_builder_init(&st->b, "csv", &lim) != SA_OK ||
	     sai_builder_start(&st->b, "table", 1, 0) != SA_OK ||
	     !(st->b.doc->URL = xmlStrdup((const xmlChar *)st->t->path)))) {
		sai_builder_release(&st->b);
		return -1;
	}
	if (2 * (st->n + 1) <= st->nslots)
		return 0;
	st->nslots = old.nslots ? 2 * old.nslots : 64;
	st->row = calloc(st->nslots, sizeof(*st->row));
	st->node = calloc(st->nslots, sizeof(*st->node));
	if (!st->row || !st->node) {
		free(st->row);
		free(st->node);
		st->row = old.row;
		st->node = old.node;
		st->nslots = old.nslots;
		return -1;
	}
	for (i = 0; i < old.nslots; i++)
		if (old.row[i]) {
			k = scratch_slot(st, old.row[i] - 1);
			st->row[k] = old.row[i];
			st->node[k] = old.node[i];
		}
	free(old.row);
	free(old.node);
	return 0;
}

/* Links row (number i) into root among the rows there, in file order. */
static void scratch_link(xmlNodePtr root, xmlNodePtr row, size_t i)
{
	xmlNodePtr prev = root->last;

	while (prev && (size_t)-(intptr_t)prev->content > i + 1)
		prev = prev->prev;
	link_after(root, prev, row);
}

xmlNodePtr sai_refs_lookup_scratch(const sai_refs *refs, const char *name,
				   const char *key, sai_refs_scratch *s)
{
	table *t = find(refs, name);
	scratch_table *st;
	xmlNodePtr row;
	uint32_t i;
	size_t k;

	if (!s || !t || atomic_load(&t->read_whole) ||
	    atomic_load_explicit(&t->whole, memory_order_acquire))
		return sai_refs_lookup(refs, name, key);
	if (!t->nslots || !key ||
	    (i = find_key(t, key, strlen(key))) == NO_ROW)
		return NULL;
	if (!(st = scratch_of(s, t)) || scratch_room(st) < 0)
		return NULL;
	k = scratch_slot(st, i);
	if (st->row[k])
		return st->node[k];
	row = read_row_at(t, &st->b, xmlDocGetRootElement(st->b.doc), i);
	if (!row)
		return NULL;
	scratch_link(xmlDocGetRootElement(st->b.doc), row, i);
	st->row[k] = i + 1;
	st->node[k] = row;
	st->n++;
	s->rows++;
	return row;
}

static void mark_whole(sai_refs *refs, const char *name, size_t len)
{
	size_t i;

	for (i = 0; refs && i < refs->n; i++)
		if (!name || (strlen(refs->tables[i]->name) == len &&
			      !memcmp(refs->tables[i]->name, name, len)))
			atomic_store(&refs->tables[i]->read_whole, 1);
}

static int name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
	       ch == '.' || (unsigned char)ch >= 0x80;
}

void sai_refs_note_reads(sai_refs *refs, const char *expr)
{
	const char *p = expr, *name, *q;

	while (p && (p = strstr(p, "ref(")) != NULL) {
		q = p + 4;
		if (p > expr && name_char(p[-1])) {
			p = q;
			continue;
		}
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if (*q != '\'' && *q != '"') {
			mark_whole(refs, NULL, 0);  /* a name made at run time */
			p = q;
			continue;
		}
		name = q + 1;
		if (!(q = strchr(name, *q)))
			return;
		p = q + 1;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p != ',')
			mark_whole(refs, name, (size_t)(q - name));
	}
}

int sai_refs_contains(const sai_refs *refs, const char *name,
		      const char *key)
{
	const table *t = find(refs, name);

	return t && t->nslots && key &&
	       find_key(t, key, strlen(key)) != NO_ROW;
}

static int column_of(const table *t, const char *name);
static int csv_field(csv_reader *c);

/* Reads field col of row i straight from the file, the row checked
 * whole as read_row checks it when it comes through a prebuilt index
 * (its fields' quoting and UTF-8, their number, where it ends), so that
 * a row ref() refuses gives no field either (the caller holds the lock);
 * NULL when it cannot. */
static char *read_field(const table *t, size_t i, int col)
{
	csv_reader c = { NULL, t->buf + t->len, t->line[i],
			 { NULL, 0, 0, 0 } };
	char *out = NULL;
	int at = 0, more, ok = 1;

	if (!row_start_ok(t, i))
		return NULL;
	c.p = t->buf + t->start[i];
	do {
		more = csv_field(&c);
		ok = more >= 0 && at < t->ncols && !c.field.failed &&
		     (!t->from_index ||
		      sai_utf8_valid(c.field.buf ? c.field.buf : "",
				     c.field.len));
		if (ok && at == col && !(out = sai_strdup(
		    sai_strbuf_str(&c.field))))
			ok = 0;
		at++;
	} while (ok && more > 0);
	if (ok && t->from_index && !row_fits(t, i, c.p))
		ok = 0;
	sai_strbuf_release(&c.field);
	if (!ok || at <= col) {
		free(out);
		return NULL;
	}
	return out;
}

const char *sai_refs_field(const sai_refs *refs, const char *name,
			   const char *key, const char *column)
{
	table *t = find(refs, name);
	int col = t ? column_of(t, column) : -1;
	uint32_t i;
	char *f = NULL;

	if (col < 0 || !t->nslots || !key ||
	    (i = find_key(t, key, strlen(key))) == NO_ROW)
		return NULL;
	pthread_mutex_lock(&t->lock);
	if (!t->fields[col])
		t->fields[col] = calloc(t->nrows, sizeof(char *));
	if (t->fields[col] && !(f = t->fields[col][i]))
		f = t->fields[col][i] = read_field(t, i, col);
	pthread_mutex_unlock(&t->lock);
	return f;
}

long sai_refs_each_key(const sai_refs *refs, const char *name,
		       void (*fn)(const char *key, size_t len, void *arg),
		       void *arg)
{
	const table *t = find(refs, name);
	size_t i, len;

	if (!t || !t->key)
		return -1;
	for (i = 0; i < t->nrows; i++) {
		const char *k = key_at(t, i, &len);

		if (k)
			fn(k, len, arg);
	}
	return (long)t->nrows;
}

const char *sai_refs_file_of(const xmlNode *node)
{
	if (!node || !node->doc || !node->doc->URL)
		return NULL;
	return (const char *)node->doc->URL;
}

/* ---- CSV ------------------------------------------------------------------ */

/* After a field: 1 when a row continues (a comma), 0 at the end of a row
 * (LF, CRLF, or a lone CR as old Mac editors end lines) or the file, -1
 * when something else follows. */
static int field_end(csv_reader *c)
{
	if (c->p < c->end && *c->p == ',') {
		c->p++;
		return 1;
	}
	if (c->p < c->end && (*c->p == '\r' || *c->p == '\n')) {
		if (*c->p++ == '\r' && c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return 0;
	}
	return c->p < c->end ? -1 : 0;
}

static unsigned long count_lines(const char *p, const char *end)
{
	unsigned long n = 0;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Reads one field into c->field; returns 1 when a row continues after it
 * (a comma), 0 at the end of a row or the file, -1 on a broken quote. */
static int csv_field(csv_reader *c)
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
	return field_end(c);
}

/* Points err at the byte at of t's file: its line, its column (a BOM,
 * which no editor shows, not counted) and the line itself. */
static sa_status point_at(const table *t, const char *at, sa_error *err)
{
	if (err) {
		sai_locate_offset(t->buf, t->len, NULL, (size_t)(at - t->buf),
				  &err->line, &err->column);
		if (err->line == 1 && err->column > 1 && t->len >= 3 &&
		    !memcmp(t->buf, "\xef\xbb\xbf", 3))
			err->column--;
		sai_error_set_source(err, t->buf, t->len, err->line);
	}
	return SA_ERR_PACK;
}

/* The error what (untranslated) at the byte at of t's file. */
static sa_status csv_error(const table *t, const char *at, const char *what,
			   sa_error *err)
{
	sai_error_set(err, SA_ERR_PACK, t->path, 0, 0,
		      _("reference table: %s"), _(what));
	return point_at(t, at, err);
}

/* Reads the header into t's columns; the file must have one. */
static sa_status read_header(csv_reader *c, table *t, sa_error *err)
{
	const char *at;
	int more;

	t->ncols = 0;
	if (c->p == c->end)
		return csv_error(t, c->p, N_("empty table: a table starts "
				 "with a header row of column names"), err);
	do {
		at = c->p;
		more = csv_field(c);
		if (more < 0)
			return csv_error(t, at, N_("broken quoting in the "
					 "header"), err);
		if (t->ncols >= MAX_COLUMNS)
			return csv_error(t, at, N_("too many columns"), err);
		if (!sai_tree_name_ok(sai_strbuf_str(&c->field)))
			return csv_error(t, at, N_("a column name must be a "
					 "word (letters, digits, _ -)"), err);
		if (!(t->cols[t->ncols++] =
		      sai_strdup(sai_strbuf_str(&c->field))))
			return SA_ERR_NOMEM;
	} while (more);
	return SA_OK;
}

static sa_status read_row(csv_reader *c, sai_builder *b, const table *t,
			  sa_error *err)
{
	unsigned long line = c->line;
	const char *at;
	int col = 0, more;
	sa_status st = sai_builder_start(b, "row", line, 0);

	do {
		at = c->p;
		more = csv_field(c);
		if (more < 0)
			return csv_error(t, at, N_("broken quoting"), err);
		if (col >= t->ncols)
			return csv_error(t, at, N_("more fields than the "
					 "header has columns"), err);
		/* a row found through an index: its file was not checked */
		if (t->from_index &&
		    !sai_utf8_valid(c->field.buf ? c->field.buf : "",
				    c->field.len))
			return csv_error(t, at, N_("the text is not valid "
					 "UTF-8"), err);
		if (st == SA_OK)
			st = sai_builder_start(b, t->cols[col], line, 0);
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

static int ends_field(char ch)
{
	/* ',' '\n' '\r' are below '0'; digits and letters settle at once */
	return (unsigned char)ch <= ',' && (ch == ',' || ch == '\n' ||
					     ch == '\r');
}

/* Steps over one field as csv_field reads it, without copying it: the
 * field's bytes are [*text, *text + *len), with each "" of a quoted field
 * standing for one quote (*escaped says there is one).  Returns what
 * csv_field returns. */
static int csv_skip(csv_reader *c, const char **text, size_t *len,
		    int *escaped)
{
	const char *q;

	*escaped = 0;
	if (c->p < c->end && *c->p == '"') {
		*text = ++c->p;
		for (;;) {
			q = memchr(c->p, '"', (size_t)(c->end - c->p));
			c->line += count_lines(c->p, q ? q : c->end);
			if (!q) {
				c->p = c->end;
				return -1;
			}
			if (q + 1 < c->end && q[1] == '"') {
				*escaped = 1;
				c->p = q + 2;
				continue;
			}
			*len = (size_t)(q - *text);
			c->p = q + 1;
			break;
		}
	} else {
		*text = c->p;
		while (c->p < c->end && !ends_field(*c->p))
			c->p++;
		*len = (size_t)(c->p - *text);
	}
	return field_end(c);
}

/* Keeps row's key: where it lies in the file, or an unquoted copy. */
static sa_status set_key(table *t, size_t row, const char *f, size_t len,
			 int escaped)
{
	size_t i, off = t->keys.len;

	if (!escaped) {
		t->key_off[row] = (uint32_t)(f - t->buf);
		t->key_len[row] = (uint32_t)len;
		return SA_OK;
	}
	for (i = 0; i < len; i++) {
		sai_strbuf_addc(&t->keys, f[i]);
		i += f[i] == '"';
	}
	t->key_off[row] = (uint32_t)off;
	t->key_len[row] = (uint32_t)(t->keys.len - off) | KEY_COPIED;
	return t->keys.failed ? SA_ERR_NOMEM : SA_OK;
}

static sa_status grow_rows(table *t, size_t *cap)
{
	size_t n = *cap ? *cap * 2 : 1024;
	uint32_t *a[4] = { t->start, t->line, t->key_off, t->key_len };
	int i;

	for (i = 0; i < 4; i++) {
		uint32_t *g = realloc(a[i], n * sizeof(uint32_t));

		if (!g)
			return SA_ERR_NOMEM;
		a[i] = g;
		if (i == 0)
			t->start = g;
		else if (i == 1)
			t->line = g;
		else if (i == 2)
			t->key_off = g;
		else
			t->key_len = g;
	}
	*cap = n;
	return SA_OK;
}

/* Reads one row (from c->p) for its start, line and key; the same checks
 * as read_row. */
static sa_status scan_row(table *t, csv_reader *c, int keycol, int *has_key,
			  unsigned long *nodes, sa_error *err)
{
	size_t row = t->nrows, len;
	const char *f, *at;
	int col = 0, more, escaped;
	sa_status st = SA_OK;

	t->start[row] = (uint32_t)(c->p - t->buf);
	t->line[row] = (uint32_t)c->line;
	t->key_len[row] = 0;
	*has_key = 0;
	do {
		at = c->p;
		more = csv_skip(c, &f, &len, &escaped);
		if (more < 0)
			return csv_error(t, at, N_("broken quoting"), err);
		if (col >= t->ncols)
			return csv_error(t, at, N_("more fields than the "
					 "header has columns"), err);
		*nodes += 1 + (len > 0);
		if (col == keycol) {
			*has_key = 1;
			st = set_key(t, row, f, len, escaped);
		}
		col++;
	} while (more && st == SA_OK);
	(*nodes)++;
	t->nrows++;
	return st;
}

/* Refuses row, whose key row first already has: ref(name, key) is one
 * row, and a second one would silently never be found.  The error is at
 * the key's field in row and names first's line. */
static sa_status duplicate_key(const table *t, size_t first, size_t row,
			       int keycol, sa_error *err)
{
	csv_reader c = { t->buf + t->start[row], t->buf + t->len,
			 t->line[row], { NULL, 0, 0, 0 } };
	const char *f, *at = c.p;
	size_t len;
	int col, escaped;

	for (col = 0; col < keycol && csv_skip(&c, &f, &len, &escaped) > 0;
	     col++)
		at = c.p;
	sai_error_set(err, SA_ERR_PACK, t->path, 0, 0, _("reference table: "
		      "this key is already the key of line %lu (a key names "
		      "one row)"), (unsigned long)t->line[first]);
	return point_at(t, at, err);
}

/* Indexes the rows by key column keycol; a key given twice is refused.
 * Empty keys are not indexed (and may repeat). */
static sa_status index_keys(table *t, int keycol, sa_error *err)
{
	size_t i, s, len;
	const char *k;

	for (t->nslots = 16; t->nslots < 2 * t->nrows; t->nslots *= 2)
		;
	if (!(t->slots = calloc(t->nslots, sizeof(uint32_t))))
		return SA_ERR_NOMEM;
	for (i = 0; i < t->nrows; i++) {
		k = key_of(t, i, &len);
		if (!len)
			continue;
		s = hash_key(k, len) & (t->nslots - 1);
		while (t->slots[s] && !same_key(t, t->slots[s] - 1, k, len))
			s = (s + 1) & (t->nslots - 1);
		if (t->slots[s])
			return duplicate_key(t, t->slots[s] - 1, i, keycol,
					     err);
		t->slots[s] = (uint32_t)i + 1;
	}
	return SA_OK;
}

static int column_of(const table *t, const char *name)
{
	int i;

	for (i = 0; name && i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return i;
	return -1;
}

static sa_status open_doc(table *t, sa_error *err);

/* Checks the whole file and indexes its rows; opens the (empty) table
 * document that rows are built into. */
static sa_status prepare_table(table *t, const char *key, sa_error *err)
{
	csv_reader c = { t->buf, t->buf + t->len, 1, { NULL, 0, 0, 0 } };
	unsigned long nodes = 1;
	size_t cap = 0, no_key = 0;
	const char *head;
	int keycol, has_key;
	sa_status st;

	if (t->len >= 3 && !memcmp(t->buf, "\xef\xbb\xbf", 3))
		c.p += 3;
	head = c.p;
	st = read_header(&c, t, err);
	sai_strbuf_release(&c.field);
	keycol = column_of(t, key);
	while (st == SA_OK && c.p < c.end) {
		if (*c.p == '\n' || *c.p == '\r') {
			c.line += *c.p == '\n';
			c.p++;
			continue;
		}
		if (t->nrows == cap && (st = grow_rows(t, &cap)) != SA_OK)
			break;
		st = scan_row(t, &c, keycol, &has_key, &nodes, err);
		if (st == SA_OK && nodes > MAX_NODES)
			st = SA_ERR_LIMIT;
		if (key && !has_key && !no_key)
			no_key = t->nrows;
	}
	if (st == SA_OK && no_key) {
		sai_error_set(err, SA_ERR_PACK, t->path, 0, 0,
			      _("reference table: no key column '%s'"), key);
		/* at the header when it has no such column, else at the
		 * first row too short to have it */
		st = point_at(t, keycol < 0 ? head :
			      t->buf + t->start[no_key - 1], err);
	}
	if (st == SA_OK && key)
		st = index_keys(t, keycol, err);
	if (st == SA_OK)
		return open_doc(t, err);
	if (st == SA_ERR_NOMEM)
		sai_error_set(err, st, t->path, 0, 0, _("out of memory"));
	return st;
}

/* Makes room for the rows to be built and opens the (empty) table
 * document that they are built into. */
static sa_status open_doc(table *t, sa_error *err)
{
	sai_tree_limits lim = { 4, MAX_NODES, MAX_TABLE_BYTES };
	sa_status st = SA_OK;
	size_t i;

	if (!(t->rows = calloc(t->nrows ? t->nrows : 1, sizeof(*t->rows))))
		st = SA_ERR_NOMEM;
	for (i = 0; st == SA_OK && i < t->nrows; i++)
		atomic_init(&t->rows[i], NULL);
	if (st == SA_OK)
		st = sai_builder_init(&t->b, "csv", &lim);
	if (st == SA_OK)
		st = sai_builder_start(&t->b, "table", 1, 0);
	if (st == SA_OK) {
		t->doc = t->b.doc;
		if (!(t->doc->URL = xmlStrdup((const xmlChar *)t->path)))
			st = SA_ERR_NOMEM;
	}
	if (st == SA_ERR_NOMEM)
		sai_error_set(err, st, t->path, 0, 0, _("out of memory"));
	return st;
}

/* Refuses a table with a NUL byte: a cell's text would stop there. */
static sa_status check_nul(const table *t, sa_error *err)
{
	const char *nul = memchr(t->buf, '\0', t->len);

	if (!nul)
		return SA_OK;
	return csv_error(t, nul, N_("a NUL byte (0x00): a table is text"),
			 err);
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

/* ---- tables shared by the packs of a process --------------------------
 *
 * `list` and `explain` compile every bundled pack, and each extends base:
 * a table is read once per process, not once per pack.  Packs share a
 * table when they declare the same file under the same name and key and
 * the file is unchanged (device, inode, size, modification time) since it
 * was read; the last MAX_IDLE tables no pack uses any more are kept for
 * the next pack. */
#define MAX_IDLE 8

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static table *cache;

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* A cached table for that declaration and file, now used once more. */
static table *share(const char *name, const char *path, const char *key,
		    const struct stat *id)
{
	table *t;

	pthread_mutex_lock(&cache_lock);
	for (t = cache; t; t = t->next)
		if (same_file(&t->id, id) && !strcmp(t->name, name) &&
		    !strcmp(t->path, path) && same_str(t->key, key))
			break;
	if (t)
		t->users++;
	pthread_mutex_unlock(&cache_lock);
	return t;
}

/* Frees the idle tables past the MAX_IDLE most recently cached (the
 * caller holds cache_lock). */
static void trim_cache(void)
{
	table **at = &cache, *t;
	int idle = 0;

	while ((t = *at) != NULL) {
		if (!t->users && ++idle > MAX_IDLE) {
			*at = t->next;
			table_free(t);
			continue;
		}
		at = &t->next;
	}
}

/* Caches a table just read, unless its file changed while it was read. */
static void publish(table *t)
{
	struct stat now;

	t->users = 1;
	if (stat(t->path, &now) != 0 || !same_file(&now, &t->id))
		return;
	pthread_mutex_lock(&cache_lock);
	t->in_cache = 1;
	t->next = cache;
	cache = t;
	trim_cache();
	pthread_mutex_unlock(&cache_lock);
}

static void release(table *t)
{
	if (!t->in_cache) {
		table_free(t);
		return;
	}
	pthread_mutex_lock(&cache_lock);
	t->users--;
	trim_cache();
	pthread_mutex_unlock(&cache_lock);
}

/* The file's identity, after the checks of rule (regular, inside its
 * pack's folder, not too large). */
static sa_status identify(const char *path, const sai_input_rule *rule,
			  struct stat *id, sa_error *err)
{
	unsigned long long size;
	sa_status st;
	int fd;

	if ((st = sai_input_open(path, rule, &fd, &size, err)) != SA_OK)
		return st;
	if (fstat(fd, id) != 0)
		st = sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot read "
				   "the reference table: %s"), strerror(errno));
	close(fd);
	return st;
}

/* ---- a prebuilt index ------------------------------------------------
 *
 * Scanning the division tables (2 MB, 75,000 rows) was half the time of
 * a one-dossier run.  `make` writes, beside each bundled table, what the
 * scan finds (row starts, lines, keys and the key slots) into
 * <file>.idx, and a load takes the arrays from there when the index is
 * for this very file: its size and a hash of its bytes (2 MB hash in
 * about a million instructions; an mtime would not survive `make
 * install`).  Anything else (no index, another byte order or version,
 * another key, an edited CSV, a size that does not add up) and the CSV
 * is scanned as before.  An index is a file of the pack like any other,
 * so it is never trusted: every slot, key and row start is checked when
 * used (find_key, same_key, build_row), a row must end where the next
 * begins, and a row's fields must be UTF-8 since the file was not
 * checked whole. */
#define INDEX_MAGIC "SAREFIX1"
#define INDEX_ORDER 0x01020304u
#define INDEX_VERSION 1u

typedef struct index_head {
	char magic[8];
	uint32_t order, version;
	uint64_t csv_size, csv_hash;
	uint64_t nrows, nslots, keys_len, key_name_len;
} index_head;

/* A hash of the file's bytes: each step is a bijection of the state and
 * of the word, so a change of one word always changes it. */
static uint64_t content_hash(const char *p, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 29);
}

static uint64_t pad8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* 1 when an index of size bytes with head h is one of t's file for key
 * (the counts are bounded before any product is taken). */
static int index_fits(const index_head *h, size_t size, const table *t,
		      const char *key)
{
	if (memcmp(h->magic, INDEX_MAGIC, 8) || h->order != INDEX_ORDER ||
	    h->version != INDEX_VERSION || h->csv_size != t->len ||
	    h->key_name_len != strlen(key) || h->nrows > t->len ||
	    h->keys_len > t->len || h->nslots < 16 ||
	    h->nslots > ((uint64_t)1 << 31) || (h->nslots & (h->nslots - 1)))
		return 0;
	if (sizeof(*h) + pad8(h->key_name_len) + 16 * h->nrows +
	    4 * h->nslots + h->keys_len != size)
		return 0;
	if (memcmp((const char *)(h + 1), key, h->key_name_len))
		return 0;
	return h->csv_hash == content_hash(t->buf, t->len);
}

/* Copies the arrays of a fitting index into t. */
static sa_status take_index(table *t, const index_head *h)
{
	const char *p = (const char *)(h + 1) + pad8(h->key_name_len);
	size_t n = (size_t)h->nrows, bytes = n * sizeof(uint32_t);
	uint32_t **a[4] = { &t->start, &t->line, &t->key_off, &t->key_len };
	int i;

	for (i = 0; i < 4; i++, p += bytes) {
		if (!(*a[i] = malloc(bytes ? bytes : 1)))
			return SA_ERR_NOMEM;
		memcpy(*a[i], p, bytes);
	}
	t->nrows = n;
	t->nslots = (size_t)h->nslots;
	if (!(t->slots = malloc(t->nslots * sizeof(uint32_t))))
		return SA_ERR_NOMEM;
	memcpy(t->slots, p, t->nslots * sizeof(uint32_t));
	p += t->nslots * sizeof(uint32_t);
	sai_strbuf_add(&t->keys, p, (size_t)h->keys_len);
	return t->keys.failed ? SA_ERR_NOMEM : SA_OK;
}

static void drop_index(table *t)
{
	free(t->start);
	free(t->line);
	free(t->key_off);
	free(t->key_len);
	free(t->slots);
	sai_strbuf_release(&t->keys);
	t->start = t->line = t->key_off = t->key_len = t->slots = NULL;
	t->nrows = t->nslots = 0;
}

/* 1 when t's rows and keys were taken from path.idx (inside the folder
 * inside); 0 when the CSV must be scanned. */
static int use_index(table *t, const char *key, const char *inside)
{
	/* its messages are never shown: a refused index is not used */
	sai_input_rule rule = { "reference table index",
				34ull * t->len + 4096, 0, inside,
				SA_ERR_PACK };
	sai_strbuf path;
	sa_error err;
	char *buf = NULL;
	size_t len = 0;
	int ok = 0;

	sai_strbuf_init(&path);
	sai_strbuf_adds(&path, t->path);
	sai_strbuf_adds(&path, ".idx");
	if (!path.failed &&
	    sai_input_read(path.buf, &rule, &buf, &len, &err) == SA_OK &&
	    len >= sizeof(index_head) &&
	    index_fits((const index_head *)buf, len, t, key))
		ok = take_index(t, (const index_head *)buf) == SA_OK;
	free(buf);
	sai_strbuf_release(&path);
	if (!ok)
		drop_index(t);
	t->from_index = ok;
	return ok;
}

/* Reads the header of a table whose rows come from its index. */
static sa_status prepare_indexed(table *t, sa_error *err)
{
	csv_reader c = { t->buf, t->buf + t->len, 1, { NULL, 0, 0, 0 } };
	sa_status st;

	if (t->len >= 3 && !memcmp(t->buf, "\xef\xbb\xbf", 3))
		c.p += 3;
	st = read_header(&c, t, err);
	sai_strbuf_release(&c.field);
	return st == SA_OK ? open_doc(t, err) : st;
}

static int write_all(FILE *f, const void *p, size_t n)
{
	return !n || fwrite(p, 1, n, f) == n;
}

/* Writes t's index to f: 1 when every write succeeded. */
static int write_index(const table *t, FILE *f)
{
	index_head h;
	size_t n = t->nrows * sizeof(uint32_t), klen = strlen(t->key);
	static const char zero[8];

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, INDEX_MAGIC, 8);
	h.order = INDEX_ORDER;
	h.version = INDEX_VERSION;
	h.csv_size = t->len;
	h.csv_hash = content_hash(t->buf, t->len);
	h.nrows = t->nrows;
	h.nslots = t->nslots;
	h.keys_len = t->keys.len;
	h.key_name_len = klen;
	return write_all(f, &h, sizeof(h)) && write_all(f, t->key, klen) &&
	       write_all(f, zero, pad8(klen) - klen) &&
	       write_all(f, t->start, n) && write_all(f, t->line, n) &&
	       write_all(f, t->key_off, n) && write_all(f, t->key_len, n) &&
	       write_all(f, t->slots, t->nslots * sizeof(uint32_t)) &&
	       write_all(f, t->keys.buf, t->keys.len);
}

static sa_status add_table(sai_refs *refs, table *t, sa_error *err)
{
	table **ts = realloc(refs->tables, (refs->n + 1) * sizeof(*ts));

	if (!ts) {
		release(t);
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	}
	refs->tables = ts;
	refs->tables[refs->n++] = t;
	return SA_OK;
}

/* Reads path whole (the caller has checked it) into a new table,
 * through its index when use_idx and one fits. */
static sa_status read_table(const char *name, const char *path,
			    const char *key, const char *inside,
			    const sai_input_rule *rule, const struct stat *id,
			    int use_idx, table **out, sa_error *err)
{
	table *t;
	char *buf;
	size_t len = 0;
	sa_status st;

	*out = NULL;
	if ((st = sai_input_read(path, rule, &buf, &len, err)) != SA_OK)
		return st;
	if (!(t = calloc(1, sizeof(*t)))) {
		free(buf);
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	}
	pthread_mutex_init(&t->lock, NULL);
	atomic_init(&t->whole, 0);
	t->buf = buf;
	t->len = len;
	t->id = *id;
	t->name = sai_strdup(name);
	t->path = sai_strdup(path);
	t->key = key ? sai_strdup(key) : NULL;
	if (!t->name || !t->path || (key && !t->key))
		st = sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				   _("out of memory"));
	else if ((st = check_nul(t, err)) == SA_OK) {
		if (use_idx && key && use_index(t, key, inside))
			st = prepare_indexed(t, err);
		else if ((st = check_utf8(path, buf, len, err)) == SA_OK)
			st = prepare_table(t, key, err);
	}
	if (st != SA_OK) {
		table_free(t);
		return st;
	}
	*out = t;
	return SA_OK;
}

static sa_status load_table(sai_refs *refs, const char *name,
			    const char *path, const char *key,
			    const char *inside, int use_idx, sa_error *err)
{
	sai_input_rule rule = { _("reference table"), MAX_TABLE_BYTES, 0, inside,
				SA_ERR_PACK };
	table *t;
	struct stat id;
	sa_status st;

	if (find(refs, name))
		return SA_OK;
	if ((st = identify(path, &rule, &id, err)) != SA_OK)
		return st;
	if (use_idx && (t = share(name, path, key, &id)) != NULL)
		return add_table(refs, t, err);
	st = read_table(name, path, key, inside, &rule, &id, use_idx, &t, err);
	if (st != SA_OK)
		return st;
	/* a table scanned for its index is not shared: the packs' loads
	 * that follow in the process take theirs from the index */
	if (use_idx)
		publish(t);
	else
		t->users = 1;
	return add_table(refs, t, err);
}

sa_status sai_refs_load_csv_in(sai_refs *refs, const char *name,
			       const char *path, const char *key,
			       const char *inside, sa_error *err)
{
	return load_table(refs, name, path, key, inside, 1, err);
}

int sai_refs_indexed(const sai_refs *refs, const char *name)
{
	const table *t = find(refs, name);

	return t && t->from_index;
}

sa_status sai_refs_write_index(const char *path, const char *key, FILE *out,
			       sa_error *err)
{
	sai_refs *refs;
	sa_status st;

	if (!key)
		return sai_error_set(err, SA_ERR_PACK, path, 0, 0, _("reference "
				     "table: no key column '%s'"), "");
	if (!(refs = sai_refs_new()))
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	st = load_table(refs, "t", path, key, NULL, 0, err);
	if (st == SA_OK && !write_index(refs->tables[0], out))
		st = SA_ERR_IO;
	sai_refs_free(refs);
	return st;
}
