/*
 * test_tree.c - the record tree builder: positions, types, limits.
 */
#include "config.h"

#include <string.h>

#include "testutil.h"
#include "tree-internal.h"

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
	xmlFreeDoc(doc);
	sai_builder_release(&b);
}
END_TEST

START_TEST(types_are_read_back)
{
	sai_builder b;
	xmlDocPtr doc;
	xmlNodePtr root;

	ck_assert_int_eq(sai_builder_init(&b, "json", NULL), SA_OK);
	ck_assert_int_eq(sai_builder_start(&b, "a", 1, 1), SA_OK);
	ck_assert_int_eq(sai_builder_attr(&b, 1, "type", "boolean"), SA_OK);
	ck_assert_int_eq(sai_builder_text(&b, "true", 4), SA_OK);
	ck_assert_int_eq(sai_builder_end(&b), SA_OK);
	doc = sai_builder_finish(&b);
	root = xmlDocGetRootElement(doc);
	ck_assert_str_eq(sai_node_type(root), "boolean");
	xmlUnsetNsProp(root, root->properties->ns, (const xmlChar *)"type");
	ck_assert_str_eq(sai_node_type(root), "string");
	doc->_private = (void *)"xml";
	ck_assert_str_eq(sai_node_type(root), "");
	ck_assert_str_eq(sai_node_type(NULL), "");
	xmlFreeDoc(doc);
	sai_builder_release(&b);
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
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
