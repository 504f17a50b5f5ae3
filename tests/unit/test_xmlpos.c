/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xmlpos.c - every element of an XML record carries the line and
 * column of its start tag's '<' (column in characters from 1, as YAML
 * and JSON nodes do), whether the dossier is parsed whole, pushed in
 * chunks from a buffer or a file, or read as a part of a file; errors of
 * the XML reader have a column where one is known.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree-internal.h"
#include "util-internal.h"
#include "xmlreader-internal.h"
#include "testutil.h"

/* A document being written, with the place of each start tag. */
typedef struct gen {
	sai_strbuf sb;
	unsigned long line, col;   /* characters of the line so far */
	unsigned long (*want)[2];
	size_t n, cap;
	int record;                /* want[] skips tags outside records */
} gen;

static void gen_init(gen *g)
{
	memset(g, 0, sizeof(*g));
	sai_strbuf_init(&g->sb);
	g->line = 1;
	g->record = 1;
}

static void gen_release(gen *g)
{
	sai_strbuf_release(&g->sb);
	free(g->want);
}

static void put(gen *g, const char *s)
{
	sai_strbuf_adds(&g->sb, s);
	for (; *s; s++) {
		if (*s == '\n') {
			g->line++;
			g->col = 0;
		} else if (((unsigned char)*s & 0xc0) != 0x80) {
			g->col++;
		}
	}
}

/* A start tag (s begins with its '<'): its place is wanted. */
static void tag(gen *g, const char *s)
{
	if (g->record) {
		if (g->n == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 64;
			g->want = realloc(g->want, g->cap * sizeof(*g->want));
			ck_assert_ptr_nonnull(g->want);
		}
		g->want[g->n][0] = g->line;
		g->want[g->n++][1] = g->col + 1;
	}
	put(g, s);
}

/* Compares the elements of n and its siblings, in document order, with
 * the places wanted from *i on. */
static void check_tree(const xmlNode *n, const gen *g, size_t *i)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		/* (no ck_assert_msg: it would log each of 400,000) */
		if (*i >= g->n)
			ck_abort_msg("more elements than tags (%s)",
				     (const char *)n->name);
		if (sai_node_line(n) != g->want[*i][0] ||
		    sai_node_column(n) != g->want[*i][1])
			ck_abort_msg("element %zu <%s>: %lu:%lu, want %lu:%lu",
				     *i, (const char *)n->name,
				     sai_node_line(n), sai_node_column(n),
				     g->want[*i][0], g->want[*i][1]);
		(*i)++;
		check_tree(n->children, g, i);
	}
}

/* Reads every record of r and checks every element's place; returns
 * the number of records. */
static size_t check_records(sai_xml_reader *r, const gen *g)
{
	unsigned long line, col;
	xmlDocPtr doc;
	sa_error err;
	size_t i = 0, recs = 0, first;

	for (;;) {
		sai_check_int_eq(sai_xml_next_record(r, &doc, &line, &col,
						     &err), SA_OK);
		if (!doc)
			break;
		first = i;
		check_tree(doc->children, g, &i);
		sai_check_uint_eq(line, g->want[first][0]);
		sai_check_uint_eq(col, g->want[first][1]);
		sai_tree_free(doc);
		recs++;
	}
	ck_assert_uint_eq(i, g->n);
	return recs;
}

static size_t check_buffer(const gen *g)
{
	sai_xml_reader *r;
	sa_error err;
	size_t recs;

	ck_assert_int_eq(sai_xml_open_buffer(g->sb.buf, g->sb.len, "t.xml",
					     NULL, &r, &err), SA_OK);
	recs = check_records(r, g);
	sai_xml_free(r);
	return recs;
}

static size_t check_file(const gen *g)
{
	char path[] = "/tmp/sa-xmlpos-XXXXXX";
	int fd = mkstemp(path);
	sai_xml_reader *r;
	sa_error err;
	size_t recs;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, g->sb.buf, g->sb.len), (int)g->sb.len);
	close(fd);
	ck_assert_int_eq(sai_xml_open_file(path, "t.xml", NULL, &r, &err),
			 SA_OK);
	recs = check_records(r, g);
	sai_xml_free(r);
	unlink(path);
	return recs;
}

START_TEST(nested_elements)
{
	gen g;

	gen_init(&g);
	put(&g, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	tag(&g, "<station>\n");
	put(&g, "  ");
	tag(&g, "<id>420302001-S01</id>\n  ");
	tag(&g, "<staff>\n    ");
	tag(&g, "<name>王丽</name>");
	tag(&g, "<phone>13800001234</phone>\n  </staff>\n");
	tag(&g, "<empty/>");
	tag(&g, "<also x=\"1\"/>\n  ");
	/* names of other sizes: prefixed, Chinese, blanks before '>' */
	tag(&g, "<q:a xmlns:q=\"urn:q\">");
	tag(&g, "<q:b >");
	tag(&g, "<名称\t>王</名称></q:b></q:a>");
	tag(&g, "<u:c/>");
	tag(&g, "<站点 a=\"社工\" >x</站点>\n</station>\n");
	ck_assert_uint_eq(g.want[3][0], 5);
	ck_assert_uint_eq(g.want[3][1], 5);
	ck_assert_uint_eq(g.want[4][1], 20);   /* after 王丽: characters */
	ck_assert_uint_eq(check_buffer(&g), 1);
	ck_assert_uint_eq(check_file(&g), 1);
	gen_release(&g);
}
END_TEST

/* A tag whose attributes go on on later lines is placed at its '<', on
 * its first line, also after a line of Chinese text. */
START_TEST(tags_that_span_lines)
{
	gen g;

	gen_init(&g);
	tag(&g, "<station>");
	tag(&g, "<note>社工站，街道</note>  ");
	tag(&g, "<staff\n     name=\"王丽\"\n     role=\"社工\">t</staff>");
	tag(&g, "<staff name=\"李明\"\n/>\n");
	put(&g, "\t王 ");
	tag(&g, "<x\ta=\"\n\">v</x>");
	tag(&g, "<y/></station>");
	ck_assert_uint_eq(g.want[2][0], 1);
	ck_assert_uint_eq(g.want[2][1], 31);
	ck_assert_uint_eq(g.want[4][0], 5);
	ck_assert_uint_eq(g.want[4][1], 4);
	ck_assert_uint_eq(check_buffer(&g), 1);
	ck_assert_uint_eq(check_file(&g), 1);
	gen_release(&g);
}
END_TEST

/* Many records and elements on one line, more than the parser is fed at
 * once (64 KiB chunks: a tag straddles each boundary somewhere), read
 * from a buffer and from a file: every column counted once, in order. */
static void many_on_one_line(gen *g, int records, int spans)
{
	char buf[128];
	int i;

	gen_init(g);
	g->record = 0;
	tag(g, "<stations>");
	g->record = 1;
	for (i = 0; i < records; i++) {
		snprintf(buf, sizeof(buf), "<station n=\"%d\">", i);
		tag(g, buf);
		tag(g, "<name>武当路街道社会工作服务站</name>");
		snprintf(buf, sizeof(buf), "<id>%d</id>", i * 7919);
		tag(g, buf);
		if (spans && i % 97 == 0)
			tag(g, "<staff\n name=\"王\">张</staff>");
		put(g, "</station>");
	}
	put(g, "</stations>\n");
}

START_TEST(one_long_line)
{
	gen g;

	many_on_one_line(&g, 6000, 0);
	ck_assert_uint_gt(g.sb.len, 4 * 65536);
	ck_assert_uint_eq(g.want[g.n - 1][0], 1);
	ck_assert_uint_eq(check_buffer(&g), 6000);
	ck_assert_uint_eq(check_file(&g), 6000);
	gen_release(&g);
	/* lines that a tag breaks, one in 97 records */
	many_on_one_line(&g, 6000, 1);
	ck_assert_uint_eq(check_buffer(&g), 6000);
	ck_assert_uint_eq(check_file(&g), 6000);
	gen_release(&g);
	/* small: the whole buffer at once (the pull parser) */
	many_on_one_line(&g, 20, 1);
	ck_assert_uint_eq(check_buffer(&g), 20);
	gen_release(&g);
}
END_TEST

/* What libxml2 counts in bytes (end tags and CDATA of Chinese text),
 * references, comments, processing instructions, CR LF line ends, and
 * text, comments and values longer than the parser keeps behind it,
 * on one line: every column still counted in characters. */
static void hard_lines(gen *g, int records, int crlf)
{
	char buf[128];
	int i, k;

	gen_init(g);
	g->record = 0;
	tag(g, "<stations>");
	g->record = 1;
	for (i = 0; i < records; i++) {
		tag(g, "<station>");
		tag(g, "<名称>社工站</名称>");
		tag(g, "<a><![CDATA[中文<>]]>&amp;&#x4e2d;&#20013;</a>");
		put(g, "<!--注释--><?pi 中文?>");
		snprintf(buf, sizeof(buf), "<b x=\"中&amp;%d\" 名=\"值\"/>", i);
		tag(g, buf);
		tag(g, "<q:c xmlns:q=\"urn:q\">王</q:c>");
		if (i % 50 == 7) {
			tag(g, "<long>");
			for (k = 0; k < 2000; k++)
				put(g, k % 3 ? "街道" : "&amp;");
			put(g, "</long><!--");
			for (k = 0; k < 3000; k++)
				put(g, "长注释");
			put(g, "-->");
			tag(g, "<v w=\"");
			for (k = 0; k < 3000; k++)
				put(g, "值");
			put(g, "\"/>");
		}
		tag(g, "<d/>");
		put(g, crlf && i % 3 == 0 ? "</station>\r\n" : "</station>");
	}
	put(g, "</stations>\n");
}

START_TEST(what_libxml2_counts_in_bytes)
{
	gen g;

	hard_lines(&g, 3000, 0);
	ck_assert_uint_gt(g.sb.len, 4 * 65536);
	ck_assert_uint_eq(check_buffer(&g), 3000);
	ck_assert_uint_eq(check_file(&g), 3000);
	gen_release(&g);
	hard_lines(&g, 3000, 1);
	ck_assert_uint_eq(check_buffer(&g), 3000);
	ck_assert_uint_eq(check_file(&g), 3000);
	gen_release(&g);
	hard_lines(&g, 30, 1);
	ck_assert_uint_lt(g.sb.len, 4 * 65536);
	ck_assert_uint_eq(check_buffer(&g), 30);
	gen_release(&g);
}
END_TEST

/* A part of a file: lines move by its base, columns do not. */
START_TEST(part_keeps_columns)
{
	static const char doc[] = "<stations>\n  <station><id>a</id>"
				  "<name>社工</name></station>\n</stations>\n";
	sai_xml_reader *r;
	unsigned long line, col;
	xmlDocPtr d;
	xmlNodePtr n;
	sa_error err;

	ck_assert_int_eq(sai_xml_open_buffer(doc, strlen(doc), "p.xml", NULL,
					     &r, &err), SA_OK);
	sai_xml_set_part(r, 40);
	ck_assert_int_eq(sai_xml_next_record(r, &d, &line, &col, &err),
			 SA_OK);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(line, 42);
	ck_assert_uint_eq(col, 3);
	n = xmlDocGetRootElement(d)->children;
	ck_assert_uint_eq(sai_node_line(n), 42);
	ck_assert_uint_eq(sai_node_column(n), 12);
	ck_assert_uint_eq(sai_node_column(n->next), 22);
	sai_tree_free(d);
	sai_xml_free(r);
}
END_TEST

/* A byte order mark before the first line is no character of it. */
START_TEST(bom_is_no_character)
{
	gen g;

	gen_init(&g);
	sai_strbuf_adds(&g.sb, "\xef\xbb\xbf");
	tag(&g, "<station>");
	tag(&g, "<id>x</id>");
	tag(&g, "<name a=\"1\">社工</name>\n</station>\n");
	ck_assert_uint_eq(g.want[1][1], 10);
	ck_assert_uint_eq(check_buffer(&g), 1);
	ck_assert_uint_eq(check_file(&g), 1);
	gen_release(&g);
}
END_TEST

static sa_error read_error_of(const char *doc, const sai_tree_limits *lim)
{
	sai_xml_reader *r;
	unsigned long line, col;
	xmlDocPtr d;
	sa_error err;

	ck_assert_int_eq(sai_xml_open_buffer(doc, strlen(doc), "e.xml", lim,
					     &r, &err), SA_OK);
	while (sai_xml_next_record(r, &d, &line, &col, &err) == SA_OK && d)
		sai_tree_free(d);
	sai_xml_free(r);
	return err;
}

/* Errors the reader raises itself have a column too. */
START_TEST(errors_have_columns)
{
	sai_tree_limits lim;
	sa_error err;

	sai_tree_limits_default(&lim);
	lim.max_depth = 3;
	err = read_error_of("<station>\n <a>王<b>  <c\n x=\"1\"/></b></a>"
			    "</station>\n", &lim);
	ck_assert_int_eq(err.status, SA_ERR_LIMIT);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_uint_eq(err.column, 11);
	/* libxml2's own: its column */
	err = read_error_of("<station><id>x</id>\n  <name>y</station>\n",
			    NULL);
	ck_assert_int_eq(err.status, SA_ERR_PARSE);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_uint_gt(err.column, 0);
	err = read_error_of("<station><id>x</id>\n  <name>社工", NULL);
	ck_assert_uint_gt(err.column, 0);
}
END_TEST

static Suite *make(void)
{
	Suite *s = suite_create("xmlpos");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, nested_elements);
	tcase_add_test(tc, tags_that_span_lines);
	tcase_add_test(tc, one_long_line);
	tcase_add_test(tc, what_libxml2_counts_in_bytes);
	tcase_add_test(tc, part_keeps_columns);
	tcase_add_test(tc, bom_is_no_character);
	tcase_add_test(tc, errors_have_columns);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make)
