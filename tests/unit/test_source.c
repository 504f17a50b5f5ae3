/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_source.c - dossiers in YAML, JSON and XML become record trees;
 * broken and hostile input gives a clear error with a place.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xpathInternals.h>

#include "source-internal.h"
#include "testtree.h"
#include "testutil.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"

/* Reads every record of buf; returns the count, fills err with the
 * final error (status SA_OK when none), keeps the first record. */
static int read_all(const char *buf, const char *name, sa_error *err,
		    sa_record **first)
{
	sa_source *src;
	sa_record *rec;
	int n = 0;

	sa_error_clear(err);
	if (first)
		*first = NULL;
	if (sa_source_open_buffer(buf, strlen(buf), name, &src, err) != SA_OK)
		return -1;
	while (sa_source_next(src, &rec, err) == SA_OK && rec) {
		if (first && !*first)
			*first = rec;
		else
			sa_record_free(rec);
		n++;
	}
	sa_source_free(src);
	return n;
}

static const char yaml_one[] =
	"# a dossier\n"
	"station:\n"
	"  id: \"420302001-S01\"\n"
	"  name: 武当路街道社会工作服务站\n"
	"  established: 2021-06-15\n"
	"  signage:\n"
	"    plaque: true\n"
	"    quoted: \"true\"\n"
	"  area: 85\n"
	"  ratio: 0.5\n"
	"  shared_with: ~\n"
	"  equipment: [computer, printer]\n"
	"  staff:\n"
	"    - name: 王丽\n"
	"      phone: \"13800001234\"\n"
	"    - name: 李明\n"
	"  grid: [[1, 2], [3]]\n"
	"  \"bad key\": x\n";

START_TEST(yaml_record_shape_types_lines)
{
	sa_error err;
	sa_record *rec;

	ck_assert_int_eq(read_all(yaml_one, "one.yaml", &err, &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_assert_str_eq(sa_record_format(rec), "yaml");
	ck_assert_uint_eq(sa_record_line(rec), 2);
	ck_xp(rec->doc, "/station/name", "武当路街道社会工作服务站");
	ck_xp(rec->doc, "/station/signage/plaque/@sa:type", "boolean");
	ck_xp(rec->doc, "count(/station/signage/quoted/@sa:type)", "0");
	ck_xp(rec->doc, "/station/established/@sa:type", "date");
	ck_xp(rec->doc, "/station/area/@sa:type", "integer");
	ck_xp(rec->doc, "/station/ratio/@sa:type", "float");
	ck_xp(rec->doc, "/station/shared_with/@sa:type", "null");
	ck_xp(rec->doc, "string-length(/station/shared_with)", "0");
	ck_xp(rec->doc, "count(/station/equipment)", "2");
	ck_xp(rec->doc, "/station/equipment[2]", "printer");
	ck_xp(rec->doc, "count(/station/staff)", "2");
	ck_xp(rec->doc, "/station/staff[2]/name", "李明");
	ck_xp(rec->doc, "count(/station/grid)", "2");
	ck_xp(rec->doc, "/station/grid[1]/item[2]", "2");
	ck_xp(rec->doc, "/station/_/@sa:key", "bad key");
	{
		xmlXPathContextPtr ctx = xmlXPathNewContext(rec->doc);
		xmlXPathObjectPtr o = xmlXPathEvalExpression(
			(const xmlChar *)"/station/staff[2]/name", ctx);

		ck_assert_int_eq(o->nodesetval->nodeNr, 1);
		ck_assert_uint_eq(sai_node_line(o->nodesetval->nodeTab[0]), 16);
		ck_assert_uint_eq(sai_node_column(o->nodesetval->nodeTab[0]), 7);
		xmlXPathFreeObject(o);
		xmlXPathFreeContext(ctx);
	}
	sa_record_free(rec);
}
END_TEST

START_TEST(yaml_streams_and_lists)
{
	sa_error err;
	sa_record *rec;

	ck_assert_int_eq(read_all("station: {id: a}\n---\nstation: {id: b}\n"
				  "---\nstation: {id: c}\n", "s.yaml", &err,
				  &rec), 3);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "/station/id", "a");
	sa_record_free(rec);
	ck_assert_int_eq(read_all("stations:\n  - {id: a}\n  - {id: b}\n",
				  "l.yaml", &err, &rec), 2);
	ck_xp(rec->doc, "name(/*)", "station");
	sa_record_free(rec);
	ck_assert_int_eq(read_all("- {id: a}\n- {id: b}\n- {id: c}\n",
				  "t.yaml", &err, NULL), 3);
	ck_assert_int_eq(err.status, SA_OK);
}
END_TEST

START_TEST(json_same_tree_as_yaml)
{
	sa_error err;
	sa_record *rec;

	ck_assert_int_eq(read_all("{\"station\": {\"id\": \"x-1\", \"n\": 3, "
				  "\"ok\": false, \"list\": [1, 2]}}",
				  "a.json", &err, &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_assert_str_eq(sa_record_format(rec), "json");
	ck_xp(rec->doc, "/station/n/@sa:type", "integer");
	ck_xp(rec->doc, "/station/ok", "false");
	ck_xp(rec->doc, "count(/station/id/@sa:type)", "0");
	ck_xp(rec->doc, "count(/station/list)", "2");
	sa_record_free(rec);
}
END_TEST

START_TEST(xml_records)
{
	sa_error err;
	sa_record *rec;

	ck_assert_int_eq(read_all("<?xml version=\"1.0\"?>\n<station>\n"
				  "  <id>x</id>\n  <staff><name>王丽</name>"
				  "</staff>\n  <staff/>\n</station>\n",
				  "a.xml", &err, &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "/station/staff[1]/name", "王丽");
	ck_xp(rec->doc, "count(/station/staff)", "2");
	ck_assert_uint_eq(sa_record_line(rec), 2);
	sa_record_free(rec);
	ck_assert_int_eq(read_all("<stations>\n<station><id>1</id></station>\n"
				  "<station><id>2</id></station>\n"
				  "<station><id>3</id></station></stations>",
				  "b.xml", &err, &rec), 3);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "/station/id", "1");
	sa_record_free(rec);
}
END_TEST

/* Expects exactly one failure with status st at line (0: any) and a
 * message containing what. */
static void expect_error(const char *buf, const char *name, sa_status st,
			 unsigned long line, const char *what)
{
	sa_error err;
	int n = read_all(buf, name, &err, NULL);

	ck_assert_msg(err.status == st, "%s: status %d (%s), want %d", name,
		      err.status, err.message, st);
	ck_assert_msg(n <= 0 || st == SA_OK || strstr(name, "partial"),
		      "%s: %d records", name, n);
	if (line)
		ck_assert_msg(err.line == line, "%s: line %lu, want %lu (%s)",
			      name, err.line, line, err.message);
	ck_assert_msg(strstr(err.message, what) != NULL,
		      "%s: message '%s' lacks '%s'", name, err.message, what);
	ck_assert_str_eq(err.file, name);
}

START_TEST(broken_yaml)
{
	expect_error("station:\n  id: [a, b\n  name: x\n", "m.yaml",
		     SA_ERR_PARSE, 0, "malformed yaml");
	expect_error("station:\n  id: a\n  id: b\n", "dup.yaml", SA_ERR_SHAPE,
		     3, "duplicate key 'id'");
	expect_error("", "empty.yaml", SA_ERR_SHAPE, 0, "empty");
	expect_error("just a string\n", "scalar.yaml", SA_ERR_SHAPE, 1,
		     "station");
	expect_error("station: {id: a}\nother: {id: b}\n", "two.yaml",
		     SA_ERR_SHAPE, 0, "one top-level key");
	expect_error("station:\n  name: \"\xff\xfe\"\n", "utf8.yaml",
		     SA_ERR_PARSE, 0, "");
	expect_error("station:\n  a: *nothing\n", "alias.yaml", SA_ERR_SHAPE,
		     2, "names no anchor");
}
END_TEST

START_TEST(alias_bomb_stops)
{
	static char buf[4096];
	int i, n = 0;

	n += snprintf(buf + n, sizeof(buf) - (size_t)n,
		      "station:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 10; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n,
			      "  a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, "
			      "*a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i - 1,
			      i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
			      i - 1, i - 1);
	expect_error(buf, "bomb.yaml", SA_ERR_LIMIT, 0, "too large");
}
END_TEST

START_TEST(deep_nesting_stops)
{
	static char buf[100000];
	int i, n = snprintf(buf, sizeof(buf), "station:\n  a: ");

	for (i = 0; i < 5000; i++)
		buf[n++] = '[';
	for (i = 0; i < 5000; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	expect_error(buf, "deep.yaml", SA_ERR_LIMIT, 2, "nesting deeper");
	n = 0;
	for (i = 0; i < 3000; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "<a>");
	expect_error(buf, "deep.xml", SA_ERR_LIMIT, 0, "nesting deeper");
}
END_TEST

START_TEST(anchors_inside_a_record)
{
	sa_error err;
	sa_record *rec;

	ck_assert_int_eq(read_all("station:\n  a: &x {k: v, n: 1}\n  b: *x\n"
				  "  c: &l [p, q]\n  d: *l\n", "an.yaml", &err,
				  &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "/station/b/k", "v");
	ck_xp(rec->doc, "/station/b/n/@sa:type", "integer");
	ck_xp(rec->doc, "count(/station/d)", "2");
	ck_xp(rec->doc, "/station/d[2]", "q");
	sa_record_free(rec);
}
END_TEST

START_TEST(hostile_xml)
{
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE station [\n"
		     "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
		     "<station><id>&xxe;</id></station>\n", "xxe.xml",
		     SA_ERR_SHAPE, 0, "DOCTYPE");
	expect_error("<station><id>x</id>\n<name>y</station>\n", "bad.xml",
		     SA_ERR_PARSE, 2, "malformed XML");
	expect_error("", "empty.xml", SA_ERR_SHAPE, 0, "empty");
	expect_error("<station><id>\xff</id></station>", "utf8.xml",
		     SA_ERR_PARSE, 0, "");
}
END_TEST

/* The XML reader builds records from SAX events; what they hold is what
 * the earlier xmlTextReader path gave (checked input by input when it
 * was replaced): all-blank text is dropped, text keeps its blanks, a
 * comment or CDATA does not split text, '&' in attributes is decoded, an
 * undeclared prefix stays in the name, line numbers are the tags'. */
START_TEST(xml_records_as_the_tree_had_them)
{
	sa_error err;
	sa_record *rec;
	char *xml;
	size_t len;

	ck_assert_int_eq(read_all(
		"<station>\n  <a>  </a>\n  <b> x </b>\n"
		"  <c>t<e/>  </c>\n  <d xml:space=\"preserve\"><p/>  </d>\n"
		"  <f>x<!--c-->y<![CDATA[ z]]>&amp;&#32;</f>\n"
		"  <g v=\"1 &amp; 2 &lt; 3&#38;\" x:w=\"n\" xmlns:x=\"urn:x\"/>\n"
		"  <y:h y:k=\"v\">1</y:h>\n"
		"  <i>  &amp;</i>\n</station>\n", "ws.xml", &err, &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "count(/station/a/node())", "0");
	ck_xp(rec->doc, "/station/b", " x ");
	ck_xp(rec->doc, "count(/station/c/text())", "1");
	ck_xp(rec->doc, "count(/station/d/text())", "0");
	ck_xp(rec->doc, "/station/f", "xy z& ");
	ck_xp(rec->doc, "count(/station/f/text())", "1");
	ck_xp(rec->doc, "/station/g/@v", "1 & 2 < 3&");
	ck_xp(rec->doc, "count(/station/g/@*)", "1");
	ck_xp(rec->doc, "/station/*[7]/@*", "v");
	ck_xp(rec->doc, "name(/station/*[7])", "y:h");
	ck_xp(rec->doc, "/station/i", "  &");
	ck_assert_uint_eq(sa_record_line(rec), 1);
	ck_assert_int_eq(sa_record_serialize(rec, 1, &xml, &len, &err), SA_OK);
	ck_assert_ptr_nonnull(strstr(xml, "<i sa:line=\"9\" sa:col=\"3\">"
				     "  &amp;</i>"));
	free(xml);
	sa_record_free(rec);
	/* a record and an error in the same 512 bytes: the file is
	 * unreadable, as it was */
	expect_error("<station><a>1</a></station><extra/>", "extra.xml",
		     SA_ERR_PARSE, 1, "Extra content");
	/* a DOCTYPE and a parse error in those 512 bytes: the error */
	expect_error("<!DOCTYPE s>\n<station><a>1</a></station><extra/>",
		     "dtd.xml", SA_ERR_PARSE, 2, "Extra content");
	ck_assert_int_eq(read_all("<stations/>", "one.xml", &err, NULL), 1);
	expect_error("<stations></stations>", "none.xml", SA_ERR_SHAPE, 1,
		     "no record");
}
END_TEST

/* Every record of buf serialized with its lines, one after the other. */
static char *records_text(const char *buf, size_t len)
{
	sa_source *src;
	sa_record *rec;
	sa_error err;
	sa_status st;
	sai_strbuf sb;
	char *xml;
	size_t n;

	sai_strbuf_init(&sb);
	sa_error_clear(&err);
	ck_assert_int_eq(sa_source_open_buffer(buf, len, "same.xml", &src,
					       &err), SA_OK);
	while ((st = sa_source_next(src, &rec, &err)) == SA_OK && rec) {
		ck_assert_int_eq(sa_record_serialize(rec, 1, &xml, &n, &err),
				 SA_OK);
		sai_strbuf_add(&sb, xml, n);
		free(xml);
		sa_record_free(rec);
	}
	ck_assert_msg(st == SA_OK, "%s", err.message);
	sa_source_free(src);
	return sai_strbuf_detach(&sb, &n);
}

/* A dossier that fits the parser in one piece is read by libxml2's pull
 * parser, a larger one by its push parser: the records are the same.
 * The larger copy is the same dossier with a comment of 300 KB after
 * its root (lines unchanged). */
START_TEST(xml_pull_and_push_agree)
{
	/* one string each (clang warns of concatenation inside a list) */
	static const char one[] =
		"<station>\n  <a>  </a>\n  <b> x </b>\n"
		"  <c>t<e/>  </c>\n  <d xml:space=\"preserve\"><p/>  </d>\n"
		"  <f>x<!--c-->y<![CDATA[ z]]>&amp;&#32;</f>\n"
		"  <g v=\"1 &amp; 2 &lt; 3&#38;\" x:w=\"n\" xmlns:x=\"u\"/>\n"
		"  <y:h y:k=\"v\">1</y:h>\n  <i>  &amp;</i>\n</station>\n";
	static const char list[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<stations>\n"
		"<station><id>1</id><name>武当路社工站</name></station>\n"
		"<station>\n<id>2</id>\n<staff><p>甲</p><p> 乙 </p></staff>"
		"</station>\n<station><id>3</id><!--x--></station></stations>";
	static const char gb[] =
		"<?xml version=\"1.0\" encoding=\"GB18030\"?>\n"
		"<station><name>\xce\xe4\xb5\xb1</name></station>\n";
	static const char *const docs[] = { one, list, gb };
	size_t i, pad = 300 * 1024;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		size_t n = strlen(docs[i]);
		char *big = malloc(n + pad + 16), *a, *b;

		ck_assert_ptr_nonnull(big);
		memcpy(big, docs[i], n);
		memcpy(big + n, "<!--", 4);
		memset(big + n + 4, 'x', pad);
		memcpy(big + n + 4 + pad, "-->\n", 4);
		a = records_text(docs[i], n);
		b = records_text(big, n + pad + 8);
		ck_assert_ptr_nonnull(a);
		ck_assert_msg(*a && !strcmp(a, b), "%zu: %s\n---\n%s", i, a,
			      b);
		free(a);
		free(b);
		free(big);
	}
}
END_TEST

/* Past line 65535 (where libxml2's own node lines stop) every element
 * still carries its own line. */
START_TEST(xml_lines_past_65535)
{
	size_t n = 25000, i, o = 0, cap = n * 48 + 64, len;
	char *buf = malloc(cap), *xml = NULL, want[64];
	sa_source *src;
	sa_record *rec;
	sa_error err;

	ck_assert_ptr_nonnull(buf);
	o += (size_t)snprintf(buf, cap, "<stations>\n");
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, cap - o,
				      "<station>\n<id>%zu</id>\n</station>\n",
				      i);
	snprintf(buf + o, cap - o, "</stations>\n");
	ck_assert_int_eq(sa_source_open_buffer(buf, strlen(buf), "long.xml",
					       &src, &err), SA_OK);
	for (i = 0; sa_source_next(src, &rec, &err) == SA_OK && rec; i++) {
		if (i == n - 1) {
			ck_assert_uint_eq(sa_record_line(rec), 3 * n - 1);
			ck_assert_int_eq(sa_record_serialize(rec, 1, &xml, &len,
							     &err), SA_OK);
		}
		sa_record_free(rec);
	}
	ck_assert_uint_eq(i, n);
	snprintf(want, sizeof(want), "<id sa:line=\"%zu\" sa:col=\"1\">",
		 3 * n);
	ck_assert_msg(xml && strstr(xml, want), "%s", xml ? xml : "-");
	free(xml);
	sa_source_free(src);
	free(buf);
}
END_TEST

START_TEST(records_before_an_error_survive)
{
	sa_error err;

	/* two good stations, then a malformed one: both are read and the
	 * error names the third's line. */
	static char buf[20000];
	int n = snprintf(buf, sizeof(buf), "<stations>\n");
	int i;

	/* Enough good records that the parser reaches the bad one only
	 * after it has handed over the first two. */
	for (i = 0; i < 40; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n,
			      "<station><id>%d</id><name>%0200d</name>"
			      "</station>\n", i, i);
	n += snprintf(buf + n, sizeof(buf) - (size_t)n,
		      "<station><id>x</station>\n</stations>\n");
	ck_assert_int_ge(read_all(buf, "partial.xml", &err, NULL), 30);
	ck_assert_int_eq(err.status, SA_ERR_PARSE);
	ck_assert_uint_eq(err.line, 42);
}
END_TEST

START_TEST(serialize_shows_lines_and_types)
{
	sa_error err;
	sa_record *rec;
	char *xml;
	size_t len;

	ck_assert_int_eq(read_all(yaml_one, "one.yaml", &err, &rec), 1);
	ck_assert_int_eq(sa_record_serialize(rec, 1, &xml, &len, &err), SA_OK);
	ck_assert_ptr_nonnull(strstr(xml, "<plaque sa:type=\"boolean\" "
				     "sa:line=\"7\" sa:col=\"5\">true</plaque>"));
	ck_assert_uint_eq(strlen(xml), len);
	free(xml);
	sa_record_free(rec);
}
END_TEST

START_TEST(missing_file)
{
	sa_source *src;
	sa_error err;

	ck_assert_int_eq(sa_source_open("/nonexistent/x.yaml", &src, &err),
			 SA_ERR_IO);
	ck_assert_ptr_null(src);
	ck_assert_str_eq(err.file, "/nonexistent/x.yaml");
	ck_assert_int_eq(sa_source_open("/nonexistent/x.xml", &src, &err),
			 SA_ERR_IO);
}
END_TEST

/* Writes text to a new temporary file; path gets its name. */
static void temp_file(char path[64], const char *text)
{
	int fd;
	FILE *f;

	snprintf(path, 64, "/tmp/sa-cut-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* A stream is cut only before "---" at a line start (not "----",
 * "---x" or one in the middle of a line), each part gets its first
 * line, the parts cover the file, and the digest is the file's. */
START_TEST(streams_cut_at_document_markers)
{
	static const char text[] =
		"# head\n"                       /* line 1: part 0 */
		"---\n"                          /* 2: part 1 */
		"station: {id: a}\n"
		"--- \n"                         /* 4: part 2 */
		"station:\n"
		"  note: x ---\n"
		"----\n"                         /* not a marker */
		"---x: 1\n"                      /* not a marker */
		"---\r\n"                       /* 9: part 3 */
		"station: {id: c}\n"
		"---";                           /* 11: part 4, at the end */
	char path[64];
	sai_part *parts;
	size_t n, i, total = 0;
	sa_source *src;
	sa_record *rec;
	sa_error err;

	temp_file(path, text);
	ck_assert_int_eq(sai_source_cut_yaml(path, 1, 1, &parts, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(parts[0].offset, 0);
	ck_assert_uint_eq(parts[0].line_base, 0);
	ck_assert_uint_eq(parts[1].line_base, 1);
	ck_assert_uint_eq(parts[2].line_base, 3);
	ck_assert_uint_eq(parts[3].line_base, 8);
	ck_assert_uint_eq(parts[4].line_base, 10);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(parts[i].offset, total);
		total += parts[i].len;
		if (i)
			ck_assert_int_eq(memcmp(text + parts[i].offset, "---", 3),
					 0);
	}
	ck_assert_uint_eq(total, strlen(text));
	/* A part reads with the file's lines. */
	ck_assert_int_eq(sai_source_open_part(path, &parts[3], NULL, &src, &err),
			 SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_ptr_nonnull(rec);
	ck_assert_uint_eq(sa_record_line(rec), 10);
	ck_assert_str_eq(sa_record_file(rec), path);
	sa_record_free(rec);
	sa_source_free(src);
	/* The first part holds a comment, the last an empty document: no
	 * record, and no error. */
	for (i = 0; i < n; i += 4) {
		ck_assert_int_eq(sai_source_open_part(path, &parts[i], NULL, &src,
						      &err), SA_OK);
		ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
		ck_assert_ptr_null(rec);
		sa_source_free(src);
	}
	free(parts);
	/* Parts of at least 40 bytes: the markers before that are passed. */
	ck_assert_int_eq(sai_source_cut_yaml(path, 1, 40, &parts, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(parts[1].line_base, 8);
	free(parts);
	/* Smaller than min: not cut. */
	ck_assert_int_eq(sai_source_cut_yaml(path, sizeof(text), 1, &parts, &n),
			 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(parts);
	unlink(path);
}
END_TEST

/* Not cut: one document, directives, no file; an error in a part names
 * the file's line. */
START_TEST(streams_not_cut)
{
	char path[64];
	sai_part *parts;
	size_t n;
	sa_source *src;
	sa_record *rec;
	sa_error err;

	temp_file(path, "station: {id: a}\n");
	ck_assert_int_eq(sai_source_cut_yaml(path, 1, 1, &parts, &n), 0);
	ck_assert_uint_eq(n, 0);
	unlink(path);
	temp_file(path, "---\nstation: {id: a}\n%YAML 1.1\n---\nstation: {}\n");
	ck_assert_int_eq(sai_source_cut_yaml(path, 1, 1, &parts, &n), 0);
	ck_assert_uint_eq(n, 0);
	unlink(path);
	ck_assert_int_eq(sai_source_cut_yaml("/nonexistent/x.yaml", 1, 1,
					     &parts, &n), 0);
	ck_assert_uint_eq(n, 0);

	temp_file(path, "---\nstation: {id: a}\n---\nstation: {id: [b}\n");
	ck_assert_int_eq(sai_source_cut_yaml(path, 1, 1, &parts, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(sai_source_open_part(path, &parts[1], NULL, &src, &err),
			 SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_ERR_PARSE);
	ck_assert_ptr_null(rec);
	ck_assert_uint_eq(err.line, 4);
	ck_assert_str_eq(err.file, path);
	sa_source_free(src);
	free(parts);
	unlink(path);
}
END_TEST

/* An XML <stations> file is cut before records that start a line;
 * comments, CDATA, instructions and quoted '>' do not confuse it, and a
 * part reads as records with the file's lines. */
START_TEST(xml_streams_cut_before_records)
{
	static const char text[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"   /* 1 */
		"<!-- <station> in a comment -->\n"
		"<x:stations xmlns:x=\"urn:x\" note=\"a>b\">\n"
		"  <station><id>a</id></station>\n"                 /* 4 */
		"  <station><id>b</id><n><![CDATA[<station>]]></n>"
		"</station>\n"                                       /* 5 */
		"  <?pi <station>?>\n"
		"  <station note='x>y'>\n"                          /* 7 */
		"    <id>c</id>\n"
		"  </station><station><id>d</id></station>\n"
		"</x:stations>\n";
	static const char *const refused[] = {
		"<!DOCTYPE s>\n<stations>\n <station/>\n <station/>\n</stations>",
		"<stations><station/>\n  <station/>\n</stations>\n",
		"<station>\n  <a/>\n  <b/>\n</station>\n",
		"<stations>\n  <station/>\n  <station/>\n",
		"\xff\xfe<\0s\0>\0",
	};
	char path[64];
	sai_part *parts;
	size_t n, i;
	sa_source *src;
	sa_record *rec;
	sa_error err;
	const char *ids = "abcd";

	temp_file(path, text);
	ck_assert_int_eq(sai_source_cut_xml(path, 1, 1, &parts, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(parts[0].line_base, 3);
	ck_assert_uint_eq(parts[1].line_base, 4);
	ck_assert_uint_eq(parts[2].line_base, 6);
	ck_assert_uint_eq(parts[0].head_len,
			  (size_t)(strstr(text, "b\">\n") + 3 - text));
	for (i = 0; i < n; i++) {
		sai_part p = parts[i];
		char *xmlpath = malloc(strlen(path) + 5);

		/* open_part knows XML by the name. */
		ck_assert_ptr_nonnull(xmlpath);
		snprintf(xmlpath, strlen(path) + 5, "%s.xml", path);
		ck_assert_int_eq(rename(path, xmlpath), 0);
		ck_assert_int_eq(sai_source_open_part(xmlpath, &p, NULL, &src, &err),
				 SA_OK);
		for (;;) {
			ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
			if (!rec)
				break;
			ck_assert_uint_eq(sa_record_line(rec),
					  *ids == 'a' ? 4 : *ids == 'b' ? 5 :
					  *ids == 'c' ? 7 : 9);
			{
				char *id = tree_xp(rec->doc, "string(/station/id)");

				ck_assert_int_eq(id[0], *ids);
				free(id);
			}
			ids++;
			sa_record_free(rec);
		}
		sa_source_free(src);
		ck_assert_int_eq(rename(xmlpath, path), 0);
		free(xmlpath);
	}
	ck_assert_int_eq(*ids, '\0');
	free(parts);
	unlink(path);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		FILE *f;

		temp_file(path, "");
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(refused[i], 1, i == 4 ? 8 :
					 strlen(refused[i]), f),
				  i == 4 ? 8 : strlen(refused[i]));
		ck_assert_int_eq(fclose(f), 0);
		ck_assert_int_eq(sai_source_cut_xml(path, 1, 1, &parts, &n), 0);
		ck_assert_msg(n == 0 && !parts, "refused[%zu] was cut", i);
		unlink(path);
	}
}
END_TEST

/* A big stream: records on their lines, a comment and a tag longer than
 * reads of the file are, across their ends.  Every part starts a record's
 * line, knows its line, and the parts tile the records. */
static char *big_stream(size_t *len)
{
	size_t cap = 12u << 20, o = 0, i;
	char *t = malloc(cap);

	ck_assert_ptr_nonnull(t);
	o += (size_t)snprintf(t + o, cap - o, "<?xml version=\"1.0\"?>\n"
			      "<stations>\n");
	for (i = 0; i < 30000; i++) {
		if (i == 7000) {
			memcpy(t + o, "  <!-- ", 7);
			memset(t + o + 7, 'c', 1500000);
			memcpy(t + o + 1500007, " -->\n", 5);
			o += 1500012;
		}
		if (i == 15000) {
			memcpy(t + o, "  <station note=\"", 17);
			memset(t + o + 17, '>', 900000);
			o += 900017;
			o += (size_t)snprintf(t + o, cap - o, "\"><id>long</id>"
					      "</station>\n");
		}
		o += (size_t)snprintf(t + o, cap - o, "  <station><id>%zu</id>"
				      "<pad>%0200zu</pad></station>\n", i, i);
	}
	o += (size_t)snprintf(t + o, cap - o, "</stations>\n");
	*len = o;
	return t;
}

static void write_file(const char *path, const char *t, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(t, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(xml_cut_reads_in_windows)
{
	char path[64];
	size_t len, n, i, j;
	char *t = big_stream(&len);
	unsigned long line = 0;
	sai_part *parts;

	temp_file(path, "");
	write_file(path, t, len);
	ck_assert_int_eq(sai_source_cut_xml(path, 1, 1u << 20, &parts, &n), 0);
	ck_assert_uint_ge(n, 6);
	for (i = 0, j = 0; i < n; i++) {
		ck_assert_msg(!memcmp(t + parts[i].offset, "  <station", 10) ||
			      !memcmp(t + parts[i].offset, "  <!--", 6),
			      "part %zu starts '%.12s'", i,
			      t + parts[i].offset);
		for (; j < parts[i].offset; j++)
			line += t[j] == '\n';
		ck_assert_uint_eq(parts[i].line_base, line);
		ck_assert_uint_eq(parts[i].head_len, 32);
		if (i + 1 < n)
			ck_assert_uint_eq(parts[i].offset + parts[i].len,
					  parts[i + 1].offset);
	}
	ck_assert_uint_eq(parts[n - 1].offset + parts[n - 1].len,
			  len - strlen("</stations>\n"));
	free(parts);
	unlink(path);
	free(t);
}
END_TEST

typedef struct shrink_job {
	const char *path;
	off_t to;
} shrink_job;

static void *shrink(void *arg)
{
	const shrink_job *job = arg;

	if (truncate(job->path, job->to) != 0)
		perror("truncate");
	return NULL;
}

/* A file that shrinks while it is cut (a mapping died of SIGBUS) is not
 * cut, or cut in what was there; one that shrinks between the cut and
 * the parse makes the part an error. */
START_TEST(xml_cut_file_shrinks)
{
	char path[64], *xmlpath;
	size_t len, n, k;
	char *t = big_stream(&len);
	sai_part *parts;
	sa_source *src;
	sa_error err;
	pthread_t th;
	shrink_job job;

	temp_file(path, "");
	for (k = 0; k < 8; k++) {
		write_file(path, t, len);
		job.path = path;
		job.to = (off_t)(len / 8 * k);
		ck_assert_int_eq(pthread_create(&th, NULL, shrink, &job), 0);
		ck_assert_int_eq(sai_source_cut_xml(path, 1, 1u << 20, &parts,
						    &n), 0);
		ck_assert_int_eq(pthread_join(th, NULL), 0);
		if (n)
			ck_assert_uint_le(parts[n - 1].offset + parts[n - 1].len,
					  len);
		free(parts);
	}
	write_file(path, t, len);
	ck_assert_int_eq(sai_source_cut_xml(path, 1, 1u << 20, &parts, &n), 0);
	ck_assert_uint_ge(n, 2);
	ck_assert_int_eq(truncate(path, (off_t)(len / 2)), 0);
	xmlpath = malloc(strlen(path) + 5);
	ck_assert_ptr_nonnull(xmlpath);
	snprintf(xmlpath, strlen(path) + 5, "%s.xml", path);
	ck_assert_int_eq(rename(path, xmlpath), 0);
	ck_assert_int_eq(sai_source_open_part(xmlpath, &parts[n - 1], NULL, &src,
					      &err), SA_ERR_IO);
	ck_assert_ptr_null(src);
	ck_assert_ptr_nonnull(strstr(err.message, "shrank"));
	free(parts);
	unlink(xmlpath);
	free(xmlpath);
	free(t);
}
END_TEST

/* Opens path as a run does (lang, encoding) and reads its first record;
 * the status, the error in err. */
static sa_status open_run(const char *path, const char *lang,
			  const char *encoding, sa_record **rec, sa_error *err)
{
	sa_run_options ro;
	sa_source *src;
	sa_status st;

	sa_run_options_init(&ro);
	ro.lang = lang;
	ro.encoding = encoding;
	*rec = NULL;
	sa_error_clear(err);
	st = sai_source_open_hashed(path, NULL, &ro, &src, err);
	if (st != SA_OK)
		return st;
	st = sa_source_next(src, rec, err);
	sa_source_free(src);
	return st;
}

/* A file that is not UTF-8 is named for what it looks like, with the fix,
 * in the run's language; --encoding reads it as its UTF-8 twin. */
START_TEST(encodings_named_and_converted)
{
	/* 王丽 and 十堰 in GB18030 */
	static const char gbk[] = "station:\n  id: x-1\n"
				  "  name: \"\xcd\xf5\xc0\xf6\"\n"
				  "  city: \xca\xae\xd1\xdf\n";
	static const char utf16[] = "\xff\xfe{\0}\0";
	char path[64], *json;
	sa_record *rec;
	sa_error err;

	temp_file(path, gbk);
	ck_assert_int_eq(open_run(path, "en", NULL, &rec, &err), SA_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "looks like GB18030/GBK"));
	ck_assert_ptr_nonnull(strstr(err.message, "--encoding gb18030"));
	ck_assert_uint_eq(err.line, 3);
	ck_assert_str_eq(err.source_line, "  name: \"王丽\"");
	ck_assert_int_eq(open_run(path, "zh", NULL, &rec, &err), SA_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "文件不是 UTF-8 编码"));
	ck_assert_int_eq(open_run(path, "zh", "GB18030", &rec, &err), SA_OK);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec->encoding, "GB18030");
	ck_xp(rec->doc, "string(/station/name)", "王丽");
	ck_xp(rec->doc, "string(/station/city)", "十堰");
	{
		xmlNodePtr city = xmlLastElementChild(
			xmlDocGetRootElement(rec->doc));

		ck_assert_uint_eq(sai_node_line(city), 4);
		ck_assert_uint_eq(sai_node_column(city), 3);
	}
	sa_record_free(rec);
	ck_assert_int_eq(open_run(path, "en", "no-such-code", &rec, &err),
			 SA_ERR_USAGE);
	ck_assert_int_eq(open_run(path, "en", "UTF-16LE", &rec, &err) !=
			 SA_OK || !rec, 1);
	sa_record_free(rec);
	unlink(path);

	/* UTF-16 with a BOM, as Windows Notepad writes JSON. */
	temp_file(path, "");
	json = malloc(strlen(path) + 6);
	ck_assert_ptr_nonnull(json);
	snprintf(json, strlen(path) + 6, "%s.json", path);
	unlink(path);
	write_file(json, utf16, 6);
	ck_assert_int_eq(open_run(json, "en", NULL, &rec, &err), SA_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "looks like UTF-16 (BOM)"));
	ck_assert_int_eq(open_run(json, "en", "UTF-16", &rec, &err),
			 SA_ERR_SHAPE);
	ck_assert_ptr_nonnull(strstr(err.message, "empty dossier"));
	unlink(json);
	free(json);
}
END_TEST

/* --encoding: bytes that are not of the encoding are an error at their
 * line. */
START_TEST(encoding_mismatch_has_a_line)
{
	char path[64];
	sa_record *rec;
	sa_error err;

	temp_file(path, "station:\n  id: a\n  name: \x81\n");
	ck_assert_int_eq(open_run(path, "en", "GB18030", &rec, &err),
			 SA_ERR_PARSE);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_ptr_nonnull(strstr(err.message, "not GB18030 text"));
	unlink(path);
}
END_TEST

/* ---- resuming after a bad document ------------------------------------- */

/* What a YAML reader gave: records (their lines summed in order, a
 * check on which ones) and errors (the first four places). */
typedef struct outcome {
	int records, errors;
	unsigned long line_sum, root_sum;  /* record lines, root elements' */
	unsigned long err_line[4], err_col[4];
	char first[SA_ERROR_MESSAGE_MAX], source[SA_ERROR_SOURCE_MAX];
} outcome;

static void read_yaml(sai_yaml_reader *r, outcome *o)
{
	unsigned long line, col;
	xmlDocPtr doc;
	sa_error err;
	int calls;

	memset(o, 0, sizeof(*o));
	/* (bounded: a reader that does not move on fails here) */
	for (calls = 0; calls < 100000; calls++) {
		sa_error_clear(&err);
		if (sai_yaml_next_record(r, &doc, &line, &col, &err) != SA_OK) {
			if (o->errors < 4) {
				o->err_line[o->errors] = err.line;
				o->err_col[o->errors] = err.column;
			}
			if (!o->errors++) {
				snprintf(o->first, sizeof(o->first), "%s",
					 err.message);
				snprintf(o->source, sizeof(o->source), "%s",
					 err.source_line);
			}
			continue;
		}
		if (!doc)
			break;
		o->records++;
		o->line_sum += line * (unsigned long)o->records;
		o->root_sum += sai_node_line(xmlDocGetRootElement(doc)) *
			       (unsigned long)o->records;
		sai_tree_free(doc);
	}
	ck_assert_int_lt(calls, 100000);
}

static void read_buffer(const char *text, size_t len, outcome *o)
{
	sai_yaml_reader *r;
	sa_error err;

	ck_assert_int_eq(sai_yaml_open_buffer(text, len, "s.yaml", NULL, &r,
					      &err), SA_OK);
	read_yaml(r, o);
	sai_yaml_free(r);
}

typedef struct feed {
	int fd;
	const char *text;
	size_t len;
} feed;

static void *write_all(void *arg)
{
	feed *f = arg;
	size_t done = 0;
	ssize_t n;

	while (done < f->len &&
	       (n = write(f->fd, f->text + done, f->len - done)) > 0)
		done += (size_t)n;
	close(f->fd);
	return NULL;
}

/* The same bytes through a pipe (FILE mode: no going back but the
 * reader's own window). */
static void read_pipe(const char *text, size_t len, outcome *o)
{
	int fds[2];
	feed f;
	pthread_t t;
	sai_yaml_reader *r;
	sa_error err;
	FILE *in;

	/* (a reader that stops early must fail the test, not kill it) */
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(pipe(fds), 0);
	f.fd = fds[1];
	f.text = text;
	f.len = len;
	ck_assert_int_eq(pthread_create(&t, NULL, write_all, &f), 0);
	in = fdopen(fds[0], "rb");
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(sai_yaml_open_file(in, "-", NULL, &r, &err), SA_OK);
	read_yaml(r, o);
	sai_yaml_free(r);
	fclose(in);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
}

/* n documents of about 100 bytes each, from number first on. */
static void add_docs(sai_strbuf *b, int first, int n)
{
	int i;

	for (i = first; i < first + n; i++)
		sai_strbuf_addf(b, "---\nstation:\n  id: \"420302001-S%05d\"\n"
				"  name: 第%d社会工作服务站\n  level: township\n"
				"  note: filler filler filler\n", i, i);
}

/* 200 KiB of documents, one whose quoted scalar holds a '---' line, and
 * 200 KiB more: read from a pipe, the reader resumes at that line from
 * the bytes it kept, with the records and errors (places and quoted
 * lines) that the bytes in memory give. */
START_TEST(yaml_resumes_from_a_pipe)
{
	sai_strbuf b = { 0 };
	outcome mem, pipe_;

	add_docs(&b, 1, 2000);
	sai_strbuf_adds(&b, "---\nstation:\n  id: \"bad\"\n  name: \"第\n---\n"
			"  站\"\n  level: township\n");
	add_docs(&b, 2001, 2000);
	ck_assert_uint_gt(b.len, 400u * 1024);
	read_buffer(b.buf, b.len, &mem);
	read_pipe(b.buf, b.len, &pipe_);
	ck_assert_int_eq(mem.records, 4000);
	ck_assert_int_eq(mem.errors, 2);
	/* 2000 documents of 6 lines and the comment-less start: the bad
	 * one starts on line 12001, its '---' line is 12005. */
	ck_assert_uint_eq(mem.err_line[0], 12005);
	ck_assert_uint_eq(mem.err_col[0], 1);
	ck_assert_ptr_nonnull(strstr(mem.first, "document indicator"));
	ck_assert_uint_eq(mem.err_line[1], 12006);
	ck_assert_uint_eq(mem.err_col[1], 3);
	ck_assert_int_eq(pipe_.records, mem.records);
	ck_assert_int_eq(pipe_.errors, mem.errors);
	ck_assert_uint_eq(pipe_.line_sum, mem.line_sum);
	ck_assert_mem_eq(pipe_.err_line, mem.err_line, sizeof(mem.err_line));
	ck_assert_mem_eq(pipe_.err_col, mem.err_col, sizeof(mem.err_col));
	ck_assert_str_eq(pipe_.first, mem.first);
	ck_assert_str_eq(pipe_.source, "---");
	sai_strbuf_release(&b);
}
END_TEST

/* Reads text (len bytes) from memory and from a pipe: the same records,
 * errors and places (only the pipe's reader quotes lines). */
static void read_both(const char *text, size_t len, outcome *mem,
		      outcome *p)
{
	read_buffer(text, len, mem);
	read_pipe(text, len, p);
	ck_assert_int_eq(p->records, mem->records);
	ck_assert_int_eq(p->errors, mem->errors);
	ck_assert_uint_eq(p->line_sum, mem->line_sum);
	ck_assert_mem_eq(p->err_line, mem->err_line, sizeof(mem->err_line));
	ck_assert_mem_eq(p->err_col, mem->err_col, sizeof(mem->err_col));
	ck_assert_str_eq(p->first, mem->first);
}

/* A byte libyaml's reader refuses costs its document only: within the
 * first 16 KiB libyaml reads, after them, and 600 KiB on (past the
 * pipe's window); the Chinese text splits characters across reads. */
START_TEST(yaml_bad_byte_costs_its_document)
{
	static const char bad[] = "---\nstation:\n  id: \"bad\"\n"
				  "  name: 第\xff站\n  level: township\n";
	static const int before[] = { 1, 300, 6000 };
	sai_strbuf b = { 0 };
	outcome o, p;
	size_t i;

	for (i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		b.len = 0;
		add_docs(&b, 1, before[i]);
		sai_strbuf_adds(&b, bad);
		add_docs(&b, before[i] + 1, 300);
		read_both(b.buf, b.len, &o, &p);
		ck_assert_int_eq(o.records, before[i] + 300);
		ck_assert_int_eq(o.errors, 1);
		/* documents of 6 lines; the byte is on the bad one's 4th,
		 * after "  name: 第" */
		ck_assert_uint_eq(o.err_line[0], 6ul * (unsigned)before[i] + 4);
		ck_assert_uint_eq(o.err_col[0], 10);
		ck_assert_ptr_nonnull(strstr(o.first,
					     "invalid leading UTF-8 octet"));
		/* (the line quoted, its bad byte shown as U+FFFD) */
		ck_assert_str_eq(p.source, "  name: 第\xef\xbf\xbd站");
	}
	/* Control characters, two bad documents in a row, and a bad last
	 * document. */
	b.len = 0;
	add_docs(&b, 1, 200);
	sai_strbuf_adds(&b, "---\nstation: {id: \"c\", name: \"a\x01b\"}\n"
			"---\nstation: {id: \"d\", name: \"a\x7f\"}\n");
	add_docs(&b, 201, 200);
	sai_strbuf_adds(&b, "---\nstation: {id: \"e\", name: \"\xe4\xb8\"}\n");
	read_both(b.buf, b.len, &o, &p);
	ck_assert_int_eq(o.records, 400);
	ck_assert_int_eq(o.errors, 3);
	ck_assert_uint_eq(o.err_line[0], 1202);
	ck_assert_uint_eq(o.err_col[0], 28);
	ck_assert_ptr_nonnull(strstr(o.first, "control characters"));
	ck_assert_uint_eq(o.err_line[1], 1204);
	ck_assert_uint_eq(o.err_line[2], 2406);
	/* (at the quote, where a trailing octet should be) */
	ck_assert_uint_eq(o.err_col[2], 28);
	sai_strbuf_release(&b);
}
END_TEST

/* UTF-16 (which libyaml decodes) is read as before; UTF-32 is refused
 * at its first byte, in so many words. */
START_TEST(yaml_utf16_read_utf32_refused)
{
	static const char utf16[] = "\xff\xfes\0t\0a\0t\0i\0o\0n\0:\0 \0"
				    "{\0i\0d\0:\0 \0a\0}\0\n\0";
	static const char utf32[] = "\xff\xfe\0\0s\0\0\0:\0\0\0";
	outcome o, p;

	read_both(utf16, sizeof(utf16) - 1, &o, &p);
	ck_assert_int_eq(o.records, 1);
	ck_assert_int_eq(o.errors, 0);
	read_both(utf32, sizeof(utf32) - 1, &o, &p);
	ck_assert_int_eq(o.records, 0);
	ck_assert_int_eq(o.errors, 1);
	ck_assert_uint_eq(o.err_line[0], 1);
	ck_assert_uint_eq(o.err_col[0], 1);
	ck_assert_ptr_nonnull(strstr(o.first, "UTF-32 is not supported"));
}
END_TEST

/* Every document bad: each one error.  Garbage without a marker: one
 * error.  A bad item of a list: the next one is read, placed where it
 * is (not where the bad one stopped).  An error on a line that began before the pipe's window: the
 * stream ends there (in memory it goes on). */
START_TEST(yaml_resume_edges)
{
	static const char all_bad[] = "---\n[\n---\n{\n--- ]\n---\na: [\n";
	static const char garbage[] = "}{ not yaml\n]]\n-- -\n";
	static const char list[] = "stations:\n  - id: a1\n    x: *nope\n"
				   "  - id: a2\n";
	sai_strbuf b = { 0 };
	outcome o, p;
	size_t i;

	read_buffer(all_bad, strlen(all_bad), &o);
	ck_assert_int_eq(o.records, 0);
	ck_assert_int_eq(o.errors, 4);
	ck_assert_uint_eq(o.err_line[2], 5);
	read_pipe(all_bad, strlen(all_bad), &p);
	ck_assert_int_eq(p.errors, 4);
	ck_assert_mem_eq(p.err_line, o.err_line, sizeof(o.err_line));
	read_buffer(garbage, strlen(garbage), &o);
	ck_assert_int_eq(o.records, 0);
	ck_assert_int_eq(o.errors, 1);
	read_buffer(list, strlen(list), &o);
	ck_assert_int_eq(o.records, 1);
	ck_assert_int_eq(o.errors, 1);
	ck_assert_uint_eq(o.err_line[0], 3);
	ck_assert_uint_eq(o.line_sum, 4);
	ck_assert_uint_eq(o.root_sum, 4);

	add_docs(&b, 1, 1);
	sai_strbuf_adds(&b, "---\nstation: {id: long, name: ");
	for (i = 0; i < 600 * 1024; i++)
		sai_strbuf_addc(&b, 'x');
	sai_strbuf_adds(&b, "}}\n");
	add_docs(&b, 2, 1);
	read_buffer(b.buf, b.len, &o);
	ck_assert_int_eq(o.records, 2);
	ck_assert_int_eq(o.errors, 1);
	read_pipe(b.buf, b.len, &p);
	ck_assert_int_eq(p.records, 1);
	ck_assert_int_eq(p.errors, 1);
	ck_assert_uint_eq(p.err_line[0], o.err_line[0]);
	sai_strbuf_release(&b);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, yaml_record_shape_types_lines);
	tcase_add_test(tc, yaml_streams_and_lists);
	tcase_add_test(tc, json_same_tree_as_yaml);
	tcase_add_test(tc, xml_records);
	tcase_add_test(tc, broken_yaml);
	tcase_add_test(tc, alias_bomb_stops);
	tcase_add_test(tc, deep_nesting_stops);
	tcase_add_test(tc, anchors_inside_a_record);
	tcase_add_test(tc, hostile_xml);
	tcase_add_test(tc, xml_records_as_the_tree_had_them);
	tcase_add_test(tc, xml_pull_and_push_agree);
	tcase_add_test(tc, xml_lines_past_65535);
	tcase_add_test(tc, records_before_an_error_survive);
	tcase_add_test(tc, serialize_shows_lines_and_types);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, streams_cut_at_document_markers);
	tcase_add_test(tc, streams_not_cut);
	tcase_add_test(tc, xml_streams_cut_before_records);
	tcase_add_test(tc, xml_cut_reads_in_windows);
	tcase_add_test(tc, xml_cut_file_shrinks);
	tcase_add_test(tc, encodings_named_and_converted);
	tcase_add_test(tc, encoding_mismatch_has_a_line);
	tcase_add_test(tc, yaml_resumes_from_a_pipe);
	tcase_add_test(tc, yaml_resume_edges);
	tcase_add_test(tc, yaml_bad_byte_costs_its_document);
	tcase_add_test(tc, yaml_utf16_read_utf32_refused);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
