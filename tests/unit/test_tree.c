/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_tree.c - the record tree builder: positions, types, limits, the
 * arena its trees live in.
 */
#include "config.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "testutil.h"
#include "tree-internal.h"
#include "util-internal.h"

START_TEST(positions_survive_on_elements)
{
	sai_builder b;
	xmlDocPtr doc;
	xmlNodePtr root, child;

	ck_assert_int_eq(sai_builder_init(&b, "yaml", NULL), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "station", 3, 1), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "name", 70000, 5), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "站", strlen("站")), SA_OK);
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	doc = sai_builder_finish(&b);
	root = xmlDocGetRootElement(doc);
	child = root->children;
	ck_assert_uint_eq(sai_node_line(root), 3);
	ck_assert_uint_eq(sai_node_column(root), 1);
	/* Lines above 65535 are kept, unlike xmlNode.line. */
	ck_assert_uint_eq(sai_node_line(child), 70000);
	ck_assert_uint_eq(sai_node_column(child), 5);
	/* A text node reports its element's position. */
	ck_assert_uint_eq(sai_node_line(child->children), 70000);
	ck_assert_str_eq(sai_doc_format(doc), "yaml");
	sai_tree_free(doc);
	sai_builder_release(&b);
}
END_TEST

START_TEST(types_are_read_back)
{
	static const char *const formats[] = { "json", "json", "xml" };
	sai_builder b;
	xmlDocPtr doc;
	xmlNodePtr root;
	int i;

	/* A typed scalar, a plain string of a typed document, an element
	 * of an untyped (XML) document. */
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(sai_builder_init(&b, formats[i], NULL), SA_OK);
		ck_assert_int_eq(sai_builder_start(&b, "a", 1, 1), SA_OK);
		if (i == 0)
			ck_assert_int_eq(sai_builder_attr(&b, 1, "type",
							  "boolean"), SA_OK);
		ck_assert_int_eq(sai_builder_text(&b, "true", 4), SA_OK);
		ck_assert_int_eq(sai_builder_end(&b), SA_OK);
		doc = sai_builder_finish(&b);
		root = xmlDocGetRootElement(doc);
		ck_assert_str_eq(sai_node_type(root),
				 i == 0 ? "boolean" : i == 1 ? "string" : "");
		sai_tree_free(doc);
		sai_builder_release(&b);
	}
	ck_assert_str_eq(sai_node_type(NULL), "");
}
END_TEST

START_TEST(limits_refuse)
{
	sai_tree_limits lim = { 3, 5, 10 };
	sai_builder b;
	int i;

	ck_assert_int_eq(sai_builder_init(&b, "yaml", &lim), SA_OK);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(sai_builder_start(&b, "d", 1, 1), SA_OK);
	/* depth 4 is over the limit of 3 */
	ck_assert_int_eq(sai_builder_start(&b, "d", 1, 1), SA_ERR_LIMIT);
	ck_assert_int_eq(sai_builder_text(&b, "0123456789x", 11), SA_ERR_LIMIT);
	ck_assert_int_eq(sai_builder_text(&b, "01234", 5), SA_OK);
	/* five nodes at most: three elements and one text so far */
	ck_assert_int_eq(sai_builder_text(&b, "5", 1), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "6", 1), SA_ERR_LIMIT);
	sai_builder_release(&b);
}
END_TEST

START_TEST(copy_counts_against_limits)
{
	sai_tree_limits lim = { 10, 7, 1000 };
	sai_builder b;
	xmlNodePtr sub;

	ck_assert_int_eq(sai_builder_init(&b, "yaml", &lim), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "r", 1, 1), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "a", 2, 1), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "x", 1), SA_OK);
	sub = b.cur;
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	ck_assert_int_eq(sai_builder_copy(&b, sub), SA_OK);   /* 5 nodes */
	ck_assert_int_eq(sai_builder_copy(&b, sub), SA_OK);   /* 7 nodes */
	ck_assert_int_eq(sai_builder_copy(&b, sub), SA_ERR_LIMIT);
	sai_builder_release(&b);
}
END_TEST

/* The string of an XPath expression over doc (caller frees). */
static char *xp_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	xmlChar *s;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(xmlXPathRegisterNs(c, BAD_CAST SAI_TREE_NS_PREFIX,
					    BAD_CAST SAI_TREE_NS), 0);
	o = xmlXPathEvalExpression(BAD_CAST expr, c);
	ck_assert_ptr_nonnull(o);
	s = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return (char *)s;
}

#define ck_xp(doc, expr, want)                                              \
	do {                                                                \
		char *got_ = xp_str(doc, expr);                             \
		ck_assert_msg(!strcmp(got_, want), "%s = '%s', want '%s'",  \
			      expr, got_, want);                            \
		xmlFree(got_);                                              \
	} while (0)

/* A tree from the arena reads like any libxml2 tree: XPath, attributes
 * in the sa: namespace, merged text, copies (as YAML aliases make them),
 * serialisation and xmlCopyDoc; sai_tree_free frees it all (valgrind and
 * ASan watch this test). */
START_TEST(arena_tree_reads_like_libxml2)
{
	xmlDictPtr dict = xmlDictCreate();
	sai_builder b;
	xmlDocPtr doc, copy;
	xmlNodePtr staff;
	xmlChar *dump = NULL;
	int len = 0, i;

	ck_assert_ptr_nonnull(dict);
	ck_assert_int_eq(sai_builder_init(&b, "yaml", NULL), SA_OK);
	sai_builder_use_dict(&b, dict);
	ck_assert_int_eq(sai_builder_start(&b, "station", 1, 1), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "staff", 2, 3), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "count", 3, 5), SA_OK);
	ck_assert_int_eq(sai_builder_attr(&b, 1, "type", "integer"), SA_OK);
	ck_assert_int_eq(sai_builder_attr(&b, 0, "note", "a<b"), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "1", 1), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "2", 1), SA_OK);
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "name", 4, 5), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "张三", strlen("张三")), SA_OK);
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	staff = b.cur;
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(sai_builder_copy(&b, staff), SA_OK);
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	doc = sai_builder_finish(&b);
	sai_builder_release(&b);

	ck_xp(doc, "count(/station/staff)", "3");
	ck_xp(doc, "sum(//count)", "36");
	ck_xp(doc, "count(//count/text())", "3");    /* 1 and 2 merged */
	ck_xp(doc, "/station/staff[3]/count/@sa:type", "integer");
	ck_xp(doc, "/station/staff[2]/count/@note", "a<b");
	ck_xp(doc, "count(//@sa:type)", "3");
	ck_xp(doc, "/station/staff[3]/name", "张三");
	ck_xp(doc, "name(/station/staff[2]/count/..)", "staff");
	ck_assert_str_eq(sai_node_type(staff->children), "integer");
	/* Copies keep the line, as xmlDocCopyNode did. */
	ck_assert_uint_eq(sai_node_line(doc->children->last->children), 3);
	ck_assert_uint_eq(sai_node_column(doc->children->last->children), 0);

	xmlDocDumpMemory(doc, &dump, &len);
	ck_assert_ptr_nonnull(dump);
	ck_assert_ptr_nonnull(strstr((char *)dump,
		"<count sa:type=\"integer\" note=\"a&lt;b\">12</count>"));
	xmlFree(dump);
	copy = xmlCopyDoc(doc, 1);
	ck_assert_ptr_nonnull(copy);
	ck_xp(copy, "sum(//count)", "36");
	xmlFreeDoc(copy);
	sai_tree_free(doc);
	xmlDictFree(dict);
}
END_TEST

/* The arena: aligned blocks, zeroed, big ones in chunks of their own. */
START_TEST(arena_blocks)
{
	static const unsigned char zero[3000];
	sai_arena *a = sai_arena_new();
	unsigned char *p, *big;
	size_t i;
	char *s;

	ck_assert_ptr_nonnull(a);
	for (i = 1; i < 3000; i += 7) {
		p = sai_arena_alloc(a, i);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % alignof(max_align_t), 0);
		ck_assert_int_eq(memcmp(p, zero, i), 0);
		memset(p, 0xab, i);
	}
	big = sai_arena_alloc(a, 1u << 20);
	ck_assert_ptr_nonnull(big);
	ck_assert_uint_eq(big[(1u << 20) - 1], 0);
	memset(big, 1, 1u << 20);
	s = sai_arena_strndup(a, "社工站xyz", 9);
	ck_assert_str_eq(s, "社工站");
	ck_assert_uint_ge(sai_arena_used(a), (1u << 20) + 10);
	sai_arena_free(a);
	sai_arena_free(NULL);
}
END_TEST

START_TEST(names)
{
	ck_assert(sai_tree_name_ok("station"));
	ck_assert(sai_tree_name_ok("record-id"));
	ck_assert(sai_tree_name_ok("社工站"));
	ck_assert(!sai_tree_name_ok("1abc"));
	ck_assert(!sai_tree_name_ok("a b"));
	ck_assert(!sai_tree_name_ok("<<"));
	ck_assert(!sai_tree_name_ok(""));
	ck_assert(!sai_tree_name_ok("a:b"));
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("tree");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, positions_survive_on_elements);
	tcase_add_test(tc, types_are_read_back);
	tcase_add_test(tc, limits_refuse);
	tcase_add_test(tc, copy_counts_against_limits);
	tcase_add_test(tc, names);
	tcase_add_test(tc, arena_tree_reads_like_libxml2);
	tcase_add_test(tc, arena_blocks);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
