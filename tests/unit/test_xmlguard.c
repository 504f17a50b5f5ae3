/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xmlguard.c - the XML start-tag guard: what counts as an
 * attribute (not '=' in values, comments, CDATA, PIs, DOCTYPEs), the
 * namespace declarations in scope, and the refused tag's place, the
 * same however the input is cut into pieces.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "util-internal.h"
#include "xmlguard-internal.h"
#include "xmlreader-internal.h"
#include "testutil.h"

typedef struct outcome {
	sai_guard_verdict v;
	unsigned long line, col;
	size_t at;                 /* offset of the refused tag's '<' */
} outcome;

/* The document fed in pieces of `piece` bytes (0: whole). */
static outcome scan_pieces(const char *doc, unsigned attrs, unsigned ns,
			   size_t piece)
{
	size_t len = strlen(doc), off = 0, n, safe;
	sai_xml_guard g;
	outcome o = { SAI_GUARD_OK, 0, 0, 0 };
	size_t tag_from = (size_t)-1;

	sai_xml_guard_init(&g, attrs, ns);
	while (off < len) {
		n = piece && len - off > piece ? piece : len - off;
		o.v = sai_xml_guard_scan(&g, doc + off, n, &safe);
		if (o.v != SAI_GUARD_OK) {
			o.line = g.tag_line;
			o.col = g.tag_col;
			/* safe is 0 also for a tag begun in an earlier piece */
			ck_assert(safe < n);
			if (safe || doc[off] == '<')
				tag_from = off + safe;
			break;
		}
		off += n;
	}
	if (o.v != SAI_GUARD_OK) {
		/* a verdict stays */
		ck_assert_int_eq(sai_xml_guard_scan(&g, "<a/>", 4, &safe), o.v);
		ck_assert_uint_eq(safe, 0);
	}
	o.at = tag_from;
	return o;
}

/* The verdict whole and in every piece size; all must agree. */
static outcome scan(const char *doc, unsigned attrs, unsigned ns)
{
	outcome whole = scan_pieces(doc, attrs, ns, 0), o;
	size_t k;

	for (k = 1; k < strlen(doc); k++) {
		o = scan_pieces(doc, attrs, ns, k);
		ck_assert_int_eq(o.v, whole.v);
		ck_assert_uint_eq(o.line, whole.line);
		ck_assert_uint_eq(o.col, whole.col);
	}
	return whole;
}

START_TEST(counts_attributes)
{
	static const char doc[] = "<r a=\"1\" b='2' c = \"3\"/>";
	outcome o;

	ck_assert_int_eq(scan(doc, 3, 8).v, SAI_GUARD_OK);
	o = scan(doc, 2, 8);
	ck_assert_int_eq(o.v, SAI_GUARD_ATTRS);
	ck_assert_uint_eq(o.line, 1);
	ck_assert_uint_eq(o.col, 1);
	ck_assert_uint_eq(o.at, 0);
	/* element after element: each tag counts on its own */
	ck_assert_int_eq(scan("<r a='1'><s b='1' c='2'/><t d='1'/></r>", 2,
			      8).v, SAI_GUARD_OK);
}
END_TEST

START_TEST(values_are_not_markup)
{
	/* '=', '>' and the other quote inside values */
	ck_assert_int_eq(scan("<r a=\"x=y>z'=\" b='=\"=>'/><s/>", 2, 8).v,
			 SAI_GUARD_OK);
	ck_assert_int_eq(scan("<r a=\"x=y>z'=\" b='=\"=>' c='1'/>", 2, 8).v,
			 SAI_GUARD_ATTRS);
}
END_TEST

START_TEST(comments_cdata_pis)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<?pi a=b c=d e=f ?>\n"
		"<!-- <x a='1' b='2'> - -> --->\n"
		"<r><![CDATA[<x a='1' b='2'> ]] ]]]><!---->"
		"<s a='1'>text = x</s></r>";

	ck_assert_int_eq(scan(doc, 1, 8).v, SAI_GUARD_OK);
	/* after them, tags count again */
	ck_assert_int_eq(scan("<!-- x --><![CDATA[y]]><?p?><r a='1' b='2'/>",
			      1, 8).v, SAI_GUARD_ATTRS);
}
END_TEST

START_TEST(doctype_skipped)
{
	static const char doc[] =
		"<!DOCTYPE r [ <!ENTITY e \"a=b>c\"> <!ATTLIST r a CDATA "
		"'x>y'> ]>\n<r a='1'/>";

	ck_assert_int_eq(scan(doc, 1, 8).v, SAI_GUARD_OK);
}
END_TEST

START_TEST(place_of_the_tag)
{
	/* columns count characters, not bytes */
	static const char doc[] = "<r>\n  <s>\n 中文<t a='1' b='2'/></s></r>";
	outcome o = scan(doc, 1, 8);

	ck_assert_int_eq(o.v, SAI_GUARD_ATTRS);
	ck_assert_uint_eq(o.line, 3);
	ck_assert_uint_eq(o.col, 4);
	ck_assert_uint_eq(o.at, strstr(doc, "<t") - doc);
	/* a tag over many lines: the place of its '<' */
	o = scan("<r>\n<t\n a='1'\n b='2'/></r>", 1, 8);
	ck_assert_uint_eq(o.line, 2);
	ck_assert_uint_eq(o.col, 1);
}
END_TEST

START_TEST(namespaces_in_scope)
{
	/* two on r and one on s: three in scope */
	ck_assert_int_eq(scan("<r xmlns:a='u' xmlns:b='u'><s xmlns:c='u'/>"
			      "</r><q xmlns:d='u' xmlns='v' xmlns:e='u'/>",
			      8, 3).v, SAI_GUARD_OK);
	/* r's go out of scope with r; an empty element's with it */
	ck_assert_int_eq(scan("<r xmlns:a='u'/><r xmlns:b='u'><s/></r>"
			      "<q xmlns:c='u' xmlns:d='u' xmlns:e='u'/>",
			      8, 3).v, SAI_GUARD_OK);
	/* four in scope at t */
	ck_assert_int_eq(scan("<r xmlns:a='u' xmlns = 'u'><s><t xmlns:c='u' "
			      "xmlns:d='u'/></s></r>", 8, 3).v, SAI_GUARD_NS);
	/* names that only begin like xmlns are attributes */
	ck_assert_int_eq(scan("<r xmlnsa='u' xmlnx='u' x:xmlns='u' "
			      "xmlns:a='u'/>", 8, 1).v, SAI_GUARD_OK);
	ck_assert_int_eq(scan("<r xmlns:a='u' xmlns:b='u'/>", 8, 1).v,
			 SAI_GUARD_NS);
}
END_TEST

START_TEST(deep_scope_table)
{
	char doc[4096];
	size_t n = 0;
	int i;

	/* one declaration a level, SAI_TREE_MAX_NS levels: at the limit */
	for (i = 0; i < (int)SAI_TREE_MAX_NS && n + 32 < sizeof(doc); i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n,
				      "<e xmlns:a='u'>");
	ck_assert_int_eq(i, (int)SAI_TREE_MAX_NS);
	{
		sai_xml_guard g;
		size_t safe;

		sai_xml_guard_init(&g, SAI_TREE_MAX_ATTRS, 100000);
		ck_assert_uint_eq(g.max_ns, SAI_TREE_MAX_NS);
		ck_assert_int_eq(sai_xml_guard_scan(&g, doc, n, &safe),
				 SAI_GUARD_OK);
		ck_assert_uint_eq(g.in_scope, SAI_TREE_MAX_NS);
		ck_assert_int_eq(sai_xml_guard_scan(&g, "<e xmlns:b='u'>", 15,
						    &safe), SAI_GUARD_NS);
	}
}
END_TEST

START_TEST(needed_only_with_enough_eq)
{
	sai_xml_guard g;

	sai_xml_guard_init(&g, 2, 8);
	ck_assert_int_eq(sai_xml_guard_needed(&g, "<r a='1' b='2'/>", 16), 0);
	ck_assert_int_eq(sai_xml_guard_needed(&g, "<r a='1' b='2' c='3'/>", 22),
			 1);
	sai_xml_guard_init(&g, 8, 1);
	ck_assert_int_eq(sai_xml_guard_needed(&g, "<r xmlns:a='1' b='2'/>", 22),
			 1);
}
END_TEST

/* A <stations> list of `good` records, then one whose start tag has
 * SAI_TREE_MAX_ATTRS + 1 attributes, then one more. */
static char *hostile_list(int good, size_t *len, unsigned long *bad_line)
{
	sai_strbuf sb;
	char tmp[64];
	unsigned i;
	int k;

	sai_strbuf_init(&sb);
	sai_strbuf_add(&sb, "<stations>\n", 11);
	for (k = 0; k < good; k++)
		sai_strbuf_add(&sb, "  <station><id>1</id><name>站</name>"
			       "</station>\n", 48);
	sai_strbuf_add(&sb, "  <station", 10);
	for (i = 0; i <= SAI_TREE_MAX_ATTRS; i++) {
		snprintf(tmp, sizeof(tmp), " a%u=\"%u\"", i, i);
		sai_strbuf_add(&sb, tmp, strlen(tmp));
	}
	sai_strbuf_add(&sb, "/>\n  <station/>\n</stations>\n",
		       strlen("/>\n  <station/>\n</stations>\n"));
	ck_assert(!sb.failed);
	*len = sb.len;
	*bad_line = (unsigned long)good + 2;
	return sb.buf;
}

/* The reader's records, then its error: the refused tag's place. */
static int read_all(sai_xml_reader *r, unsigned long bad_line)
{
	xmlDocPtr doc;
	unsigned long line, col;
	sa_error err;
	int n = 0;

	sa_error_clear(&err);
	while (sai_xml_next_record(r, &doc, &line, &col, &err) == SA_OK &&
	       doc) {
		sai_tree_free(doc);
		n++;
	}
	ck_assert_int_eq(err.status, SA_ERR_LIMIT);
	ck_assert_uint_eq(err.line, bad_line);
	ck_assert_uint_eq(err.column, 3);
	ck_assert_ptr_nonnull(strstr(err.message, "256 attributes"));
	sai_xml_free(r);
	return n;
}

START_TEST(reader_refuses_the_tag)
{
	static const int counts[] = { 2, 9000 };  /* pull; push, chunks */
	char path[] = "/tmp/sa-guard-XXXXXX";
	unsigned long bad_line;
	sai_xml_reader *r;
	size_t len, i;
	sa_error err;
	char *doc;
	int fd;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		doc = hostile_list(counts[i], &len, &bad_line);
		ck_assert_int_eq(sai_xml_open_buffer(doc, len, "l.xml", NULL,
						     &r, &err), SA_OK);
		/* the records before the tag are read */
		ck_assert_int_eq(read_all(r, bad_line), counts[i]);
		/* a file is read a chunk at a time */
		ck_assert_int_ge(fd = mkstemp(path), 0);
		ck_assert_int_eq(write(fd, doc, len), (ssize_t)len);
		close(fd);
		ck_assert_int_eq(sai_xml_open_file(path, "l.xml", NULL, &r,
						   &err), SA_OK);
		ck_assert_int_eq(read_all(r, bad_line), counts[i]);
		unlink(path);
		snprintf(path, sizeof(path), "/tmp/sa-guard-XXXXXX");
		free(doc);
	}
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("xmlguard");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, counts_attributes);
	tcase_add_test(tc, values_are_not_markup);
	tcase_add_test(tc, comments_cdata_pis);
	tcase_add_test(tc, doctype_skipped);
	tcase_add_test(tc, place_of_the_tag);
	tcase_add_test(tc, namespaces_in_scope);
	tcase_add_test(tc, deep_scope_table);
	tcase_add_test(tc, needed_only_with_enough_eq);
	tcase_add_test(tc, reader_refuses_the_tag);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
