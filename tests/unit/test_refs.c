/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_refs.c - the prebuilt index of a reference table: lookups and
 * rows through it are those of the CSV; a stale, foreign, truncated or
 * lying index is ignored or checked at every use, never trusted.
 */
#include "config.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "refs-internal.h"
#include "testutil.h"

#define CSV "\xef\xbb\xbf" "code,name\n1,一\n\n2,二\r\n\"a\"\"b\",\"三\n行\"\n" \
	"6,重复\n,空\n5,五"
/* the index's header: see index_head in engine/refs.c */
#define AT_HASH 24
#define AT_NROWS 32
#define AT_NSLOTS 40
#define HEAD_LEN 64

static char tmp[128];

static const char *at(const char *name)
{
	static char path[4][256];
	static int n;

	n = (n + 1) % 4;
	snprintf(path[n], sizeof(path[n]), "%s/%s", tmp, name);
	return path[n];
}

static void put(const char *name, const char *buf, size_t len)
{
	FILE *f = fopen(at(name), "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* Writes name.idx of the CSV file name for key; returns the status. */
static sa_status write_index(const char *name, const char *key,
			     sa_error *err)
{
	char out[256];
	sa_status st;
	FILE *f;

	snprintf(out, sizeof(out), "%s.idx", at(name));
	f = fopen(out, "wb");
	ck_assert_ptr_nonnull(f);
	sa_error_clear(err);
	st = sai_refs_write_index(at(name), key, f, err);
	ck_assert_int_eq(fclose(f), 0);
	return st;
}

static void index_of(const char *name)
{
	sa_error err;

	ck_assert_msg(write_index(name, "code", &err) == SA_OK, "%s",
		      err.message);
}

static sai_refs *load(const char *name, const char *inside)
{
	sai_refs *r = sai_refs_new();
	sa_error err;

	ck_assert_ptr_nonnull(r);
	sa_error_clear(&err);
	ck_assert_msg(sai_refs_load_csv_in(r, "t", at(name), "code", inside,
					   &err) == SA_OK, "%s", err.message);
	return r;
}

/* A row as text: its line and its cells. */
static void row_text(xmlNodePtr row, char *buf, size_t size)
{
	xmlBufferPtr b = xmlBufferCreate();

	if (!row) {
		snprintf(buf, size, "(none)");
		xmlBufferFree(b);
		return;
	}
	xmlNodeDump(b, row->doc, row, 0, 0);
	snprintf(buf, size, "%ld:%s", xmlGetLineNo(row),
		 (const char *)xmlBufferContent(b));
	xmlBufferFree(b);
}

/* sai_refs_each_key's callback: adds the key and a newline to a
 * fixed buffer (keys past its end are counted, not kept). */
typedef struct keylist {
	char text[1 << 16];
	size_t len, n;
} keylist;

static void add_key(const char *key, size_t len, void *arg)
{
	keylist *kl = arg;

	kl->n++;
	if (kl->len + len + 2 > sizeof(kl->text))
		return;
	memcpy(kl->text + kl->len, key, len);
	kl->len += len;
	kl->text[kl->len++] = '\n';
	kl->text[kl->len] = '\0';
}

/* The name field of key, read alone from a, is the name cell of b's
 * row (built whole), is kept (the same string twice) and is NULL for a
 * column the table does not have. */
static void same_field(sai_refs *a, sai_refs *b, const char *key)
{
	xmlNodePtr row = sai_refs_lookup(b, "t", key), c;
	const char *f = sai_refs_field(a, "t", key, "name");
	xmlChar *cell = NULL;

	ck_assert_int_eq(sai_refs_contains(a, "t", key), row != NULL);
	ck_assert_ptr_null(sai_refs_field(a, "t", key, "population"));
	for (c = row ? xmlFirstElementChild(row) : NULL; c;
	     c = xmlNextElementSibling(c))
		if (!strcmp((const char *)c->name, "name"))
			cell = xmlNodeGetContent(c);
	if (!row) {
		ck_assert_ptr_null(f);
		return;
	}
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(cell);
	ck_assert_str_eq(f, (const char *)cell);
	ck_assert_ptr_eq(sai_refs_field(a, "t", key, "name"), f);
	xmlFree(cell);
}

/* Every key lookup, every row and the key list of a and b read alike. */
static void same_tables(sai_refs *a, sai_refs *b, const char **keys,
			size_t nkeys)
{
	char ta[4096], tb[4096];
	xmlNodePtr ra, rb;
	size_t i, n = 0;

	for (i = 0; i < nkeys; i++) {
		row_text(sai_refs_lookup(a, "t", keys[i]), ta, sizeof(ta));
		row_text(sai_refs_lookup(b, "t", keys[i]), tb, sizeof(tb));
		ck_assert_str_eq(ta, tb);
		same_field(a, b, keys[i]);
	}
	{
		static keylist ka, kb;

		ka.len = ka.n = kb.len = kb.n = 0;
		ck_assert_int_eq(sai_refs_each_key(a, "t", add_key, &ka),
				 sai_refs_each_key(b, "t", add_key, &kb));
		ck_assert_uint_gt(ka.n, 0);
		ck_assert_uint_eq(ka.n, kb.n);
		ck_assert_uint_eq(ka.len, kb.len);
		ck_assert(!memcmp(ka.text, kb.text, ka.len));
	}
	ra = sai_refs_rows(a, "t");
	rb = sai_refs_rows(b, "t");
	for (; ra || rb; ra = xmlNextElementSibling(ra),
	     rb = xmlNextElementSibling(rb), n++) {
		row_text(ra, ta, sizeof(ta));
		row_text(rb, tb, sizeof(tb));
		ck_assert_str_eq(ta, tb);
		if (!ra || !rb)
			break;
	}
	ck_assert_uint_gt(n, 0);
}

static const char *small_keys[] = { "1", "2", "a\"b", "6", "5", "", "9",
				    "一" };

START_TEST(index_reads_as_the_csv)
{
	sai_refs *a, *b;
	xmlNodePtr row;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	put("a.csv", CSV, strlen(CSV));
	put("b.csv", CSV, strlen(CSV));
	index_of("a.csv");
	a = load("a.csv", tmp);
	b = load("b.csv", tmp);
	ck_assert_int_eq(sai_refs_indexed(a, "t"), 1);
	ck_assert_int_eq(sai_refs_indexed(b, "t"), 0);
	/* a lookup first (rows built late), then every row */
	row = sai_refs_lookup(a, "t", "a\"b");
	ck_assert_ptr_nonnull(row);
	ck_assert_int_eq(xmlGetLineNo(row), 5);
	same_tables(a, b, small_keys, sizeof(small_keys) / sizeof(*small_keys));
	ck_assert_ptr_eq(sai_refs_lookup(a, "t", "a\"b"), row);
	/* read whole, every row built; its fields are rows times columns
	 * (what a table read whole is bounded by) */
	ck_assert_uint_eq(sai_refs_unbuilt(a, "t"), 0);
	ck_assert_uint_eq(sai_refs_unbuilt(b, "t"), 0);
	ck_assert_uint_eq(sai_refs_fields(a, "t"), 12);
	ck_assert_uint_eq(sai_refs_fields(b, "t"), 12);
	ck_assert_uint_eq(sai_refs_fields(b, "nosuch"), 0);
	ck_assert_str_eq(sai_refs_field(b, "t", "a\"b", "name"), "三\n行");
	ck_assert_ptr_null(sai_refs_field(b, "t", "9", "name"));
	sai_refs_free(a);
	sai_refs_free(b);
	sai_test_rmtree(tmp);
}
END_TEST

/* The bundled township table: every 97th key, a missing one, all rows. */
START_TEST(index_of_the_division_table)
{
	char src[512], *csv, line[64];
	const char *keys[500];
	char *owned[500];
	size_t len, n = 0, i, row = 0;
	const char *p;
	sai_refs *a, *b;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	snprintf(src, sizeof(src), "%s/rules/base/data/streets.csv", SA_SRCDIR);
	csv = slurp(src, &len);
	put("a.csv", csv, len);
	put("b.csv", csv, len);
	for (p = strchr(csv, '\n'); p && n < 499; p = strchr(p + 1, '\n'))
		if (row++ % 97 == 0 && sscanf(p + 1, "%63[^,]", line) == 1) {
			owned[n] = strdup(line);
			keys[n] = owned[n];
			n++;
		}
	keys[n++] = "999999999";
	index_of("a.csv");
	a = load("a.csv", NULL);
	b = load("b.csv", NULL);
	ck_assert_int_eq(sai_refs_indexed(a, "t"), 1);
	ck_assert_uint_gt(n, 300);
	same_tables(a, b, keys, n);
	for (i = 0; i + 1 < n; i++)
		free(owned[i]);
	free(csv);
	sai_refs_free(a);
	sai_refs_free(b);
	sai_test_rmtree(tmp);
}
END_TEST

START_TEST(stale_or_foreign_index_ignored)
{
	static const char *edits[] = {
		"code,name\n1,二\n2,二\n",     /* same size, one character */
		"code,name\n1,一\n2,二\n3,三\n", /* a row more */
	};
	char out[256];
	sa_error err;
	sai_refs *r;
	size_t i;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	for (i = 0; i < 2; i++) {
		const char *name = i ? "s1.csv" : "s0.csv";

		put(name, "code,name\n1,一\n2,二\n",
		    strlen("code,name\n1,一\n2,二\n"));
		index_of(name);
		put(name, edits[i], strlen(edits[i]));
		r = load(name, NULL);
		ck_assert_int_eq(sai_refs_indexed(r, "t"), 0);
		row_text(sai_refs_lookup(r, "t", "1"), out, sizeof(out));
		ck_assert_ptr_nonnull(strstr(out, i ? "一" : "二"));
		sai_refs_free(r);
	}
	/* an index for another key column */
	put("t.csv", "code,name\n1,一\n", 16);
	ck_assert_int_eq(write_index("t.csv", "name", &err), SA_OK);
	r = load("t.csv", NULL);
	ck_assert_int_eq(sai_refs_indexed(r, "t"), 0);
	ck_assert_ptr_nonnull(sai_refs_lookup(r, "t", "1"));
	sai_refs_free(r);
	/* a broken CSV is refused by the generator, at its line */
	put("t.csv", "code,name\n1,a\n2,\"b\n", 19);
	ck_assert_int_eq(write_index("t.csv", "code", &err), SA_ERR_PACK);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_ptr_nonnull(strstr(err.message, "broken quoting"));
	/* a full disk */
	{
		FILE *full = fopen("/dev/full", "wb");

		if (full) {
			put("t.csv", "code,name\n1,一\n", 16);
			ck_assert_int_eq(sai_refs_write_index(at("t.csv"),
				"code", full, &err) == SA_OK &&
				fflush(full) == 0, 0);
			fclose(full);
		}
	}
	sai_test_rmtree(tmp);
}
END_TEST

/* Loads a new copy of csv with the index bytes idx and reads it every
 * way (a new file each time: a table of the same file, size and mtime
 * would be shared with the last load). */
static int load_with(const char *idx, size_t len, const char *csv)
{
	static unsigned n;
	char name[64], iname[64];
	sai_refs *r;
	int used;

	snprintf(name, sizeof(name), "w%u.csv", n);
	snprintf(iname, sizeof(iname), "w%u.csv.idx", n++);
	put(name, csv, strlen(csv));
	put(iname, idx, len);
	r = load(name, tmp);
	used = sai_refs_indexed(r, "t");
	(void)sai_refs_lookup(r, "t", "1");
	(void)sai_refs_lookup(r, "t", "a\"b");
	(void)sai_refs_lookup(r, "t", "nothing");
	(void)sai_refs_field(r, "t", "5", "name");
	(void)sai_refs_field(r, "t", "a\"b", "name");
	(void)sai_refs_contains(r, "t", "2");
	{
		static keylist kl;

		kl.len = kl.n = 0;
		(void)sai_refs_each_key(r, "t", add_key, &kl);
	}
	(void)sai_refs_rows(r, "t");
	sai_refs_free(r);
	return used;
}

static void set32(char *idx, size_t off, uint32_t v)
{
	memcpy(idx + off, &v, 4);
}

START_TEST(truncated_or_lying_index_never_trusted)
{
	char *good, *bad, cell[4096];
	size_t len, i, arrays, nrows, nslots;
	uint64_t v;
	sai_refs *r;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	put("t.csv", CSV, strlen(CSV));
	index_of("t.csv");
	good = slurp(at("t.csv.idx"), &len);
	bad = malloc(len + 8);
	ck_assert_ptr_nonnull(bad);
	/* every truncation, and one byte too many */
	for (i = 0; i < len; i++)
		ck_assert_int_eq(load_with(good, i, CSV), 0);
	memcpy(bad, good, len);
	bad[len] = 0;
	ck_assert_int_eq(load_with(bad, len + 1, CSV), 0);
	/* counts that overflow a size */
	memcpy(bad, good, len);
	v = UINT64_MAX / 8;
	memcpy(bad + AT_NROWS, &v, 8);
	ck_assert_int_eq(load_with(bad, len, CSV), 0);
	/* arrays that lie under a header that fits: used, checked */
	memcpy(&v, good + AT_NROWS, 8);
	nrows = (size_t)v;
	memcpy(&v, good + AT_NSLOTS, 8);
	nslots = (size_t)v;
	arrays = HEAD_LEN + 8; /* "code", padded */
	memcpy(bad, good, len);
	for (i = 0; i < nslots; i++)      /* no free slot, rows past the end */
		set32(bad, arrays + 16 * nrows + 4 * i, i % 2 ? 1 : 0xffffffffu);
	for (i = 0; i < nrows; i++) {
		set32(bad, arrays + 4 * i, i % 2 ? 0xfffffff0u : 3);
		set32(bad, arrays + 8 * nrows + 4 * i, 0x7ffffff0u);
		set32(bad, arrays + 12 * nrows + 4 * i, 0x8000fff0u);
	}
	ck_assert_int_eq(load_with(bad, len, CSV), 1);
	/* rows that overlap (every start the same line) */
	memcpy(bad, good, len);
	for (i = 0; i < nrows; i++)
		set32(bad, arrays + 4 * i, 13);
	ck_assert_int_eq(load_with(bad, len, CSV), 1);
	/* random bytes anywhere after the header */
	srand(14);
	for (i = 0; i < 300; i++) {
		memcpy(bad, good, len);
		bad[HEAD_LEN + (size_t)rand() % (len - HEAD_LEN)] ^=
			(char)(1 + rand() % 255);
		load_with(bad, len, CSV);
	}
	/* a table whose index was right: rows as the CSV has them */
	put("u.csv", CSV, strlen(CSV));
	put("u.csv.idx", good, len);
	r = load("u.csv", tmp);
	ck_assert_int_eq(sai_refs_indexed(r, "t"), 1);
	row_text(sai_refs_lookup(r, "t", "5"), cell, sizeof(cell));
	ck_assert_str_eq(cell, "9:<row><code>5</code><name>五</name></row>");
	sai_refs_free(r);
	free(good);
	free(bad);
	sai_test_rmtree(tmp);
}
END_TEST

START_TEST(index_outside_or_not_a_file_ignored)
{
	char target[256];
	sai_refs *r;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	ck_assert_int_eq(mkdir(at("pack"), 0755), 0);
	put("pack/t.csv", CSV, strlen(CSV));
	put("t.csv", CSV, strlen(CSV));
	index_of("t.csv");
	/* a link to an index outside the pack's folder */
	snprintf(target, sizeof(target), "%s", at("t.csv.idx"));
	ck_assert_int_eq(symlink(target, at("pack/t.csv.idx")), 0);
	r = load("pack/t.csv", at("pack"));
	ck_assert_int_eq(sai_refs_indexed(r, "t"), 0);
	ck_assert_ptr_nonnull(sai_refs_lookup(r, "t", "5"));
	sai_refs_free(r);
	/* a FIFO (never opened for a blocking read) */
	ck_assert_int_eq(unlink(at("pack/t.csv.idx")), 0);
	ck_assert_int_eq(mkfifo(at("pack/t.csv.idx"), 0644), 0);
	put("pack/t.csv", CSV "\n", strlen(CSV) + 1);
	r = load("pack/t.csv", at("pack"));
	ck_assert_int_eq(sai_refs_indexed(r, "t"), 0);
	ck_assert_ptr_nonnull(sai_refs_lookup(r, "t", "5"));
	sai_refs_free(r);
	sai_test_rmtree(tmp);
}
END_TEST

/* Rows a thread looks up by key: the rows of the table, once each
 * until trimmed, linked in file order whatever the order of the
 * look-ups, read from the shared rows once the table is read whole. */
START_TEST(scratch_rows_as_the_table)
{
	const char *keys[] = { "5", "1", "a\"b", "2", "5", "9" };
	char ta[4096], tb[4096];
	sai_refs_scratch *s = sai_refs_scratch_new();
	xmlNodePtr got[6], row;
	sai_refs *r;
	size_t i;

	ck_assert_ptr_nonnull(s);
	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	put("t.csv", CSV, strlen(CSV));
	index_of("t.csv");
	r = load("t.csv", tmp);
	for (i = 0; i < 6; i++) {
		got[i] = sai_refs_lookup_scratch(r, "t", keys[i], s);
		row_text(got[i], ta, sizeof(ta));
		row_text(sai_refs_lookup(r, "t", keys[i]), tb, sizeof(tb));
		ck_assert_str_eq(ta, tb);
		if (got[i])     /* a row of its own, not the table's */
			ck_assert_ptr_ne(got[i],
					 sai_refs_lookup(r, "t", keys[i]));
	}
	ck_assert_ptr_null(got[5]);
	ck_assert_ptr_eq(got[4], got[0]);
	ck_assert_str_eq(sai_refs_file_of(got[0]), at("t.csv"));
	/* file order: 1, 2, a"b, 5 */
	row = got[1];
	ck_assert_ptr_null(row->prev);
	ck_assert_ptr_eq(row->next, got[3]);
	ck_assert_ptr_eq(got[3]->next, got[2]);
	ck_assert_ptr_eq(got[2]->next, got[0]);
	ck_assert_ptr_null(got[0]->next);
	ck_assert_int_eq(sai_refs_scratch_trim(s, 4), 0);
	ck_assert_ptr_eq(sai_refs_lookup_scratch(r, "t", "5", s), got[0]);
	ck_assert_int_eq(sai_refs_scratch_trim(s, 3), 1);
	ck_assert_int_eq(sai_refs_scratch_trim(s, 0), 0);
	row_text(sai_refs_lookup_scratch(r, "t", "5", s), ta, sizeof(ta));
	ck_assert_str_eq(ta, "9:<row><code>5</code><name>五</name></row>");
	/* read whole: the shared rows */
	(void)sai_refs_rows(r, "t");
	ck_assert_ptr_eq(sai_refs_lookup_scratch(r, "t", "2", s),
			 sai_refs_lookup(r, "t", "2"));
	ck_assert_ptr_null(sai_refs_lookup_scratch(r, "nope", "2", s));
	sai_refs_scratch_free(s);
	sai_refs_free(r);
	sai_test_rmtree(tmp);
}
END_TEST

/* A table a rule may read whole is looked up in its shared rows from
 * the start, so that ref('t', k) | ref('t') never holds one row twice. */
START_TEST(tables_read_whole_are_shared)
{
	sai_refs_scratch *s = sai_refs_scratch_new();
	sai_refs *r;
	xmlNodePtr row;

	ck_assert_ptr_nonnull(s);
	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	put("t.csv", CSV, strlen(CSV));
	r = load("t.csv", tmp);
	/* look-ups by key, another function, a quoted mention: not whole */
	sai_refs_note_reads(r, "ref('t', region/code)/name = 'x'");
	sai_refs_note_reads(r, "xref('t') or my-ref(\"t\")");
	sai_refs_note_reads(r, "ref(\"t\" , 'k')");
	sai_refs_note_reads(r, "ref('other')");
	sai_refs_note_reads(r, "ref('t");
	row = sai_refs_lookup_scratch(r, "t", "5", s);
	ck_assert_ptr_nonnull(row);
	ck_assert_ptr_ne(row, sai_refs_lookup(r, "t", "5"));
	/* ref( 't' ) reads it whole */
	sai_refs_note_reads(r, "count(ref( 't' )) > 0");
	ck_assert_ptr_eq(sai_refs_lookup_scratch(r, "t", "1", s),
			 sai_refs_lookup(r, "t", "1"));
	sai_refs_scratch_free(s);     /* a thread's rows go before the pack */
	sai_refs_free(r);
	/* a name made at run time may be any table */
	s = sai_refs_scratch_new();
	ck_assert_ptr_nonnull(s);
	r = load("t.csv", tmp);
	sai_refs_note_reads(r, "ref(concat('t', ''))");
	ck_assert_ptr_eq(sai_refs_lookup_scratch(r, "t", "1", s),
			 sai_refs_lookup(r, "t", "1"));
	sai_refs_scratch_free(s);
	sai_refs_free(r);
	sai_test_rmtree(tmp);
}
END_TEST

/* Loads the CSV text csv (len bytes) as a new file; the status, err
 * filled. */
static sa_status load_text(const char *csv, size_t len, sa_error *err)
{
	static unsigned n;
	char name[32];
	sai_refs *r = sai_refs_new();
	sa_status st;

	snprintf(name, sizeof(name), "e%u.csv", n++);
	put(name, csv, len);
	sa_error_clear(err);
	st = sai_refs_load_csv_in(r, "t", at(name), "code", tmp, err);
	sai_refs_free(r);
	return st;
}

#define REFUSED_AT(csv, line_, col_, what, source)                          \
	do {                                                                \
		sa_error e_;                                                \
		ck_assert_int_eq(load_text(csv, sizeof(csv) - 1, &e_),      \
				 SA_ERR_PACK);                              \
		ck_assert_msg(e_.line == (line_) && e_.column == (col_),    \
			      "%s at %lu:%lu", e_.message, e_.line,         \
			      e_.column);                                   \
		ck_assert_msg(strstr(e_.message, what) != NULL, "%s",       \
			      e_.message);                                  \
		ck_assert_str_eq(e_.source_line, source);                   \
	} while (0)

/* Every error of a table's text is at its line and column, the line
 * quoted: a NUL (which would cut a cell short), a key given twice (the
 * second row would never be found), an empty file, broken rows. */
START_TEST(csv_errors_point_at_line_and_column)
{
	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	REFUSED_AT("code,name\n1,a\0b\n", 2, 4, "NUL", "1,a");
	REFUSED_AT("code,name\n1,a\n2,b\n1,c\n", 4, 1,
		   "already the key of line 2", "1,c");
	/* the same key quoted, after a row of two lines, not first */
	REFUSED_AT("name,code\n\"x\ny\",\"k\"\"1\"\n2,\"k\"\"1\"\n", 4, 3,
		   "already the key of line 2", "2,\"k\"\"1\"");
	REFUSED_AT("", 1, 1, "empty table", "");
	REFUSED_AT("\xef\xbb\xbf", 1, 1, "empty table", "\xef\xbb\xbf");
	REFUSED_AT("\xef\xbb\xbf" "code,na me\n", 1, 6, "column name",
		   "\xef\xbb\xbf" "code,na me");
	REFUSED_AT("code,name\n1,a\n2,\"b\n", 3, 3, "broken quoting",
		   "2,\"b");
	REFUSED_AT("code,name\n1,\"多\",c\n", 2, 7, "more fields",
		   "1,\"多\",c");
	REFUSED_AT("name,code\na,1\nb\n", 3, 1, "no key column", "b");
	REFUSED_AT("kode,name\n1,a\n", 1, 1, "no key column", "kode,name");
	sai_test_rmtree(tmp);
}
END_TEST

/* Rows without a key may repeat (they are not indexed); a key once per
 * row is the rule. */
START_TEST(empty_keys_may_repeat)
{
	static const char csv[] = "code,name\n,a\n,b\n1,c\n2,c\n";
	sa_error err;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	ck_assert_msg(load_text(csv, sizeof(csv) - 1, &err) == SA_OK, "%s",
		      err.message);
	sai_test_rmtree(tmp);
}
END_TEST

/* Old Mac editors end lines with a lone CR: each is a row's end (the
 * table read as one broken header before). */
START_TEST(lone_carriage_returns_end_rows)
{
	static const char csv[] = "code,name\r1,a\r2,b\r";
	static const char dup[] = "code,name\r1,a\r1,b\r";
	sa_error err;

	sai_test_tmpdir(tmp, sizeof(tmp), "refs");
	ck_assert_msg(load_text(csv, sizeof(csv) - 1, &err) == SA_OK, "%s",
		      err.message);
	ck_assert_int_ne(load_text(dup, sizeof(dup) - 1, &err), SA_OK);
	ck_assert_ptr_nonnull(strstr(err.message, "already the key"));
	sai_test_rmtree(tmp);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("refs");
	TCase *tc = tcase_create("index");

	tcase_add_test(tc, index_reads_as_the_csv);
	tcase_add_test(tc, index_of_the_division_table);
	tcase_add_test(tc, stale_or_foreign_index_ignored);
	tcase_add_test(tc, truncated_or_lying_index_never_trusted);
	tcase_add_test(tc, index_outside_or_not_a_file_ignored);
	tcase_add_test(tc, scratch_rows_as_the_table);
	tcase_add_test(tc, tables_read_whole_are_shared);
	tcase_add_test(tc, csv_errors_point_at_line_and_column);
	tcase_add_test(tc, empty_keys_may_repeat);
	tcase_add_test(tc, lone_carriage_returns_end_rows);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
