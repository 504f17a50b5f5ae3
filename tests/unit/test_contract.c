/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_contract.c - the dossier contract: did-you-mean, rewritten
 * violations in document order, the tree as it was after validating,
 * packs' extra fields, roots the contract does not declare.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "contract-internal.h"
#include "suppose-internal.h"
#include "testutil.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "xmlreader-internal.h"
#include "yamlreader-internal.h"

static sai_contract *contract;

static void load(void)
{
	sa_error err;

	ck_assert_int_eq(sai_contract_load(SA_SRCDIR "/schemas/dossier.xsd",
					   &contract, &err), SA_OK);
}

static void unload(void)
{
	sai_contract_free(contract);
	contract = NULL;
}

static xmlDocPtr record(const char *xml)
{
	sai_tree_limits lim;
	sai_xml_reader *r;
	xmlDocPtr doc = NULL;
	unsigned long line, col;
	sa_error err;

	sai_tree_limits_default(&lim);
	ck_assert_int_eq(sai_xml_open_buffer(xml, strlen(xml), "t.xml", &lim,
					     &r, &err), SA_OK);
	ck_assert_int_eq(sai_xml_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	sai_xml_free(r);
	ck_assert_ptr_nonnull(doc);
	return doc;
}

/* The names of root's children, in order: what validating must keep. */
static void names(xmlDocPtr doc, sai_strbuf *sb)
{
	xmlNodePtr n;

	sai_strbuf_reset(sb);
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			sai_strbuf_addf(sb, "%s ", (const char *)n->name);
}

START_TEST(nearest_names_the_fix)
{
	static const char *const fields[] = { "premises", "signage", "staff",
					      "station" };
	static const char *const levels[] = { "city", "county", "township",
					      "village" };

	ck_assert_str_eq(sai_nearest("premisses", fields, 4), "premises");
	ck_assert_str_eq(sai_nearest("Staff", fields, 4), "staff");
	ck_assert_str_eq(sai_nearest("social_work_station", fields, 4),
			 "station");
	/* A prefix beats a code at the same distance. */
	ck_assert_str_eq(sai_nearest("town", levels, 4), "township");
	ck_assert_str_eq(sai_nearest("vilage", levels, 4), "village");
	ck_assert_ptr_null(sai_nearest("equipment", levels, 4));
	ck_assert_ptr_null(sai_nearest("", levels, 4));
}
END_TEST

START_TEST(every_violation_in_order_and_the_tree_kept)
{
	xmlDocPtr doc = record(
		"<station>\n<id>x</id>\n<levle>township</levle>\n"
		"<established>2021-02-30</established>\n<town>a</town>\n"
		"<staff><employment>fulltime</employment></staff>\n"
		"<level>Town</level>\n</station>\n");
	sai_contract_check *v = sai_contract_check_new(contract, NULL, 0, 0);
	const sai_violation *o;
	sai_strbuf before, after;

	sai_strbuf_init(&before);
	sai_strbuf_init(&after);
	names(doc, &before);
	ck_assert(sai_contract_declares(v, doc));
	ck_assert_int_eq(sai_contract_validate(v, doc, 100, &o), 5);
	ck_assert_str_eq((const char *)o[0].node->name, "levle");
	ck_assert_str_eq(o[0].expected, "level");
	ck_assert_ptr_nonnull(strstr(o[0].message, "未知字段 'levle'"));
	ck_assert_str_eq((const char *)o[1].node->name, "established");
	ck_assert_ptr_nonnull(strstr(o[1].message, "日期"));
	ck_assert_str_eq((const char *)o[2].node->name, "town");
	ck_assert_str_eq((const char *)o[3].node->name, "employment");
	ck_assert_str_eq(o[3].expected, "full_time");
	ck_assert_str_eq(o[4].expected, "township");
	names(doc, &after);
	ck_assert_str_eq(sai_strbuf_str(&before), sai_strbuf_str(&after));
	/* At most max. */
	ck_assert_int_eq(sai_contract_validate(v, doc, 2, &o), 2);
	sai_strbuf_release(&before);
	sai_strbuf_release(&after);
	sai_contract_check_free(v);
	sai_tree_free(doc);
}
END_TEST

START_TEST(english_and_extra_fields)
{
	static const char *const extra[] = { "notes", "staff/wechat" };
	xmlDocPtr doc = record(
		"<station><notes><any>x</any></notes>"
		"<staff><wechat>w</wechat><phone>1</phone></staff>"
		"<remark/></station>");
	sai_contract_check *v = sai_contract_check_new(contract, extra, 2, 1);
	const sai_violation *o;

	ck_assert_int_eq(sai_contract_validate(v, doc, 100, &o), 1);
	ck_assert_str_eq((const char *)o[0].node->name, "remark");
	ck_assert_ptr_nonnull(strstr(o[0].message, "unknown field 'remark' "
				     "in station"));
	ck_assert_ptr_null(o[0].expected);
	/* The extra fields are back where they were. */
	ck_assert_str_eq((const char *)xmlDocGetRootElement(doc)->children->name,
			 "notes");
	sai_contract_check_free(v);
	sai_tree_free(doc);
}
END_TEST

/* Values the quick proof leaves to libxml2 (blanks, signs, a time zone)
 * are valid all the same; those it accepts are valid for libxml2 too. */
START_TEST(the_quick_proof_and_libxml2_agree)
{
	xmlDocPtr doc = record(
		"<station><established> 2021-06-15 </established>"
		"<signage><plaque>true</plaque></signage>"
		"<services><activities>+5</activities></services>"
		"<trainings><date>2021-06-15Z</date></trainings>"
		"<premises><area_m2>.5</area_m2></premises>"
		"<region><code></code></region><level/></station>");
	xmlDocPtr leap = record(
		"<station><established>2024-02-29</established>"
		"<operation><contract><start>2023-02-29</start></contract>"
		"</operation></station>");
	sai_contract_check *v = sai_contract_check_new(contract, NULL, 0, 0);
	const sai_violation *o;

	ck_assert_int_eq(sai_contract_validate(v, doc, 100, &o), 0);
	ck_assert_int_eq(sai_contract_validate(v, leap, 100, &o), 1);
	ck_assert_str_eq((const char *)o[0].node->name, "start");
	sai_contract_check_free(v);
	sai_tree_free(doc);
	sai_tree_free(leap);
}
END_TEST

/* A YAML record (the reader's default options). */
static xmlDocPtr yaml_record(const char *yaml)
{
	sai_yaml_reader *r;
	xmlDocPtr doc = NULL;
	unsigned long line, col;
	sa_error err;

	ck_assert_int_eq(sai_yaml_open_buffer(yaml, strlen(yaml), "t.yaml",
					      NULL, &r, &err), SA_OK);
	ck_assert_int_eq(sai_yaml_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	sai_yaml_free(r);
	ck_assert_ptr_nonnull(doc);
	return doc;
}

/* YAML and JSON scalars keep their type, and the contract's types are
 * the JSON Schema's: a quoted number or yes/no, or a code or a name
 * written as a number, is a violation at its place; numbers written
 * with an exponent or a zero fraction are numbers; XML has no types. */
START_TEST(the_types_of_yaml_scalars)
{
	xmlDocPtr bad = yaml_record(
		"station:\n"
		"  region:\n"
		"    code: 420302001\n"
		"  uniform: \"true\"\n"
		"  premises:\n"
		"    area_m2: \"85\"\n"
		"  name: true\n"
		"  services:\n"
		"    - activities: '24'\n");
	xmlDocPtr good = yaml_record(
		"station:\n"
		"  region:\n"
		"    code: \"420302001\"\n"
		"  uniform: True\n"
		"  established: 2021-06-15\n"
		"  premises:\n"
		"    area_m2: 8.5e1\n"
		"  services:\n"
		"    - activities: 24.0\n"
		"  signage:\n"
		"    plaque:\n");
	xmlDocPtr xml = record("<station><uniform>true</uniform><premises>"
			       "<area_m2>85</area_m2></premises></station>");
	sai_contract_check *v = sai_contract_check_new(contract, NULL, 0, 0);
	sai_contract_check *en = sai_contract_check_new(contract, NULL, 0, 1);
	const sai_violation *o;
	xmlChar *text;

	ck_assert_int_eq(sai_contract_validate(v, bad, 100, &o), 5);
	ck_assert_str_eq((const char *)o[0].node->name, "code");
	ck_assert_ptr_nonnull(strstr(o[0].message, "写成了数"));
	ck_assert_ptr_nonnull(strstr(o[0].message, "请加引号"));
	ck_assert_str_eq(o[0].actual, "integer");
	ck_assert_str_eq(o[0].expected, "string");
	ck_assert_str_eq((const char *)o[1].node->name, "uniform");
	ck_assert_ptr_nonnull(strstr(o[1].message, "加了引号"));
	ck_assert_str_eq(o[1].expected, "boolean");
	ck_assert_str_eq((const char *)o[2].node->name, "area_m2");
	ck_assert_str_eq(o[2].expected, "number");
	ck_assert_str_eq((const char *)o[3].node->name, "name");
	ck_assert_ptr_nonnull(strstr(o[3].message, "布尔值"));
	ck_assert_str_eq((const char *)o[4].node->name, "activities");
	ck_assert_int_eq(sai_contract_validate(en, bad, 100, &o), 5);
	ck_assert_ptr_nonnull(strstr(o[1].message, "is quoted text"));
	ck_assert_ptr_nonnull(strstr(o[0].message, "quote it"));
	/* The typed ones are valid, and read plainly. */
	ck_assert_int_eq(sai_contract_validate(v, good, 100, &o), 0);
	text = xmlNodeGetContent(xmlDocGetRootElement(good)->children
				 ->next->next->next->children);
	ck_assert_str_eq((const char *)text, "85");
	xmlFree(text);
	ck_assert_int_eq(sai_contract_validate(v, xml, 100, &o), 0);
	sai_contract_check_free(v);
	sai_contract_check_free(en);
	sai_tree_free(bad);
	sai_tree_free(good);
	sai_tree_free(xml);
}
END_TEST

/* An XML attribute is named as what is wrong, on a field of a value
 * and on one of fields alike. */
START_TEST(attributes_are_named)
{
	xmlDocPtr doc = record("<station><uniform unit=\"x\">true</uniform>"
			       "<premises independent=\"true\"><area_m2>85"
			       "</area_m2></premises></station>");
	sai_contract_check *v = sai_contract_check_new(contract, NULL, 0, 0);
	const sai_violation *o;

	ck_assert_int_eq(sai_contract_validate(v, doc, 100, &o), 2);
	ck_assert_str_eq((const char *)o[0].node->name, "uniform");
	ck_assert_str_eq(o[0].actual, "unit");
	ck_assert_ptr_nonnull(strstr(o[0].message, "带有属性 'unit'"));
	ck_assert_str_eq((const char *)o[1].node->name, "premises");
	ck_assert_str_eq(o[1].actual, "independent");
	sai_contract_check_free(v);
	sai_tree_free(doc);
}
END_TEST

START_TEST(numbers_written_plainly)
{
	static const char *const cases[][2] = {
		{ "8.5e1", "85" }, { "24.0", "24" }, { "-0.50", "-0.5" },
		{ "+007", "7" }, { "0.95", "0.95" }, { "1.5e-3", "0.0015" },
		{ "1E+2", "100" }, { ".5", "0.5" }, { "5.", "5" },
		{ "-0", "0" }, { "0.000", "0" }, { "120", "120" },
		{ "1200e-2", "12" }, { "0e5", "0" },
	};
	static const char *const refused[] = { "", "-", ".", "1e", "1e+",
		"0x1A", "1_000", ".inf", "1e99999", "1.2.3", "12a" };
	char out[80];
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = sai_number_plain(cases[i][0], strlen(cases[i][0]), out,
				     sizeof(out));
		ck_assert_msg(n == strlen(cases[i][1]) &&
			      !strcmp(out, cases[i][1]), "%s gave '%s' (%zu)",
			      cases[i][0], n ? out : "", n);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		ck_assert_msg(sai_number_plain(refused[i], strlen(refused[i]),
					       out, sizeof(out)) == 0,
			      "%s accepted", refused[i]);
	/* What does not fit is refused, not cut. */
	ck_assert_uint_eq(sai_number_plain("1e100", 5, out, sizeof(out)), 0);
	ck_assert_uint_eq(sai_number_plain("12.5", 4, out, 5), 4);
	ck_assert_uint_eq(sai_number_plain("12.5", 4, out, 4), 0);
}
END_TEST

START_TEST(a_field_of_one_value_given_twice)
{
	/* lists (staff, services) repeat; level and staff.name do not */
	xmlDocPtr doc = record(
		"<station>\n<level>township</level>\n"
		"<staff><name>a</name></staff>\n"
		"<staff><name>b</name>\n<name>c</name></staff>\n"
		"<services><name>s</name></services><services/>\n"
		"<level>village</level>\n<level>city</level>\n</station>\n");
	xmlDocPtr lists = record("<station><staff/><staff/><services/>"
				 "<services/></station>");
	sai_contract_check *v = sai_contract_check_new(contract, NULL, 0, 1);
	const sai_violation *o;

	ck_assert_int_eq(sai_contract_validate(v, doc, 100, &o), 2);
	ck_assert_str_eq((const char *)o[0].node->name, "name");
	ck_assert_uint_eq(sai_node_line(o[0].node), 5);
	ck_assert_str_eq(o[0].message, "field staff.name is given 2 times "
			 "(the second at 5:1), but it takes one value");
	ck_assert_uint_eq(sai_node_line(o[1].node), 7);
	ck_assert_str_eq(o[1].message, "field level is given 3 times "
			 "(the second at 7:1), but it takes one value");
	ck_assert_int_eq(sai_contract_validate(v, doc, 1, &o), 1);
	ck_assert_int_eq(sai_contract_validate(v, lists, 100, &o), 0);
	sai_contract_check_free(v);
	sai_tree_free(doc);
	sai_tree_free(lists);
}
END_TEST

START_TEST(other_roots_are_not_the_contracts)
{
	xmlDocPtr doc = record("<room><anything/></room>");
	sai_contract_check *v = sai_contract_check_new(contract, NULL, 0, 0);
	const sai_violation *o;

	ck_assert(!sai_contract_declares(v, doc));
	ck_assert_int_eq(sai_contract_validate(v, doc, 100, &o), 0);
	sai_contract_check_free(v);
	sai_tree_free(doc);
}
END_TEST

START_TEST(a_missing_contract_is_an_error)
{
	sai_contract *c = NULL;
	sa_error err;

	ck_assert_int_ne(sai_contract_load("/nonexistent/dossier.xsd", &c,
					   &err), SA_OK);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err.message, "cannot open the schema"));
}
END_TEST

/* ---- a schema given with --schema is an input like any other ---------- */

static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Loading dir/name must fail as a usage error whose message has want
 * and never the secret file's text. */
static void refused(const char *name, const char *want)
{
	char path[128];
	sai_contract *c = NULL;
	sa_error err;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(sai_contract_load(path, &c, &err), SA_ERR_USAGE);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(err.message, want) != NULL, "%s: '%s' lacks '%s'",
		      name, err.message, want);
	ck_assert_ptr_null(strstr(err.message, "SECRET"));
	ck_assert_ptr_null(strstr(err.source_line, "SECRET"));
	ck_assert_ptr_nonnull(strstr(err.file, name));
}

#define XS "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"

START_TEST(a_schema_pulls_in_nothing)
{
	char path[128];
	sai_contract *c = NULL;
	sa_error err;

	sai_test_tmpdir(dir, sizeof(dir), "xsd");
	write_file("secret", "root:SECRET:0:0\n");
	write_file("ok.xsd", XS "<xs:element name='station'/></xs:schema>\n");
	write_file("inc.xsd", XS "\n<xs:include schemaLocation='secret'/>"
		   "<xs:element name='station'/></xs:schema>\n");
	/* libxml2 would connect (port 9 answers nothing) and go on. */
	write_file("net.xsd", XS "\n<xs:import namespace='urn:x' "
		   "schemaLocation='http://127.0.0.1:9/x.xsd'/>"
		   "<xs:element name='station'/></xs:schema>\n");
	write_file("ent.xsd", "<!DOCTYPE xs:schema [<!ENTITY x SYSTEM "
		   "'secret'>]>\n" XS "<xs:element name='&x;'/></xs:schema>\n");
	write_file("root.xml", "<SECRET/>\n");
	snprintf(path, sizeof(path), "%s/ok.xsd", dir);
	ck_assert_int_eq(sai_contract_load(path, &c, &err), SA_OK);
	sai_contract_free(c);
	snprintf(path, sizeof(path), "%s/fifo.xsd", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	refused("fifo.xsd", "FIFO");       /* once hung on open() */
	refused(".", "folder");
	refused("inc.xsd", "xs:include");
	refused("net.xsd", "xs:import");
	refused("ent.xsd", "DOCTYPE");
	refused("secret", "not well-formed");
	refused("root.xml", "not an XSD");
	sai_test_rmtree(dir);
}
END_TEST

/* The bundled contract's shape decides which fields the rules read the
 * first value of, with no validation at all; and which paths a pack's
 * contract may not declare again. */
START_TEST(the_first_value_without_validating)
{
	const sai_contract *c;
	xmlDocPtr doc;
	xmlNodePtr staff;
	sai_strbuf sb;

	setenv("STATIONAUDIT_SCHEMAS", SA_SRCDIR "/schemas", 0);
	c = sai_contract_bundled();
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(sai_contract_bundled(), c);
	doc = record("<station><id>a</id><level>township</level>"
		     "<level>village</level><staff><name>x</name>"
		     "<phone>1</phone><phone>2</phone></staff><notes/>"
		     "<staff><name>y</name></staff><level>city</level>"
		     "</station>");
	ck_assert_uint_eq(sai_contract_keep_first(c, doc), 3);
	sai_strbuf_init(&sb);
	names(doc, &sb);
	ck_assert_str_eq(sai_strbuf_str(&sb), "id level staff notes staff ");
	sai_strbuf_release(&sb);
	staff = xmlFirstElementChild(xmlDocGetRootElement(doc))->next->next;
	ck_assert_uint_eq(xmlChildElementCount(staff), 2);
	ck_assert_uint_eq(sai_contract_keep_first(c, doc), 0);
	ck_assert_uint_eq(sai_contract_keep_first(NULL, doc), 0);
	sai_tree_free(doc);

	ck_assert_int_eq(sai_contract_has_field(c, "region"), 1);
	ck_assert_int_eq(sai_contract_has_field(c, "region/code"), 1);
	ck_assert_int_eq(sai_contract_has_field(c, "/signage/plaque"), 1);
	ck_assert_int_eq(sai_contract_has_field(c, "staff/name"), 1);
	ck_assert_int_eq(sai_contract_has_field(c, "staff/wechat"), 0);
	ck_assert_int_eq(sai_contract_has_field(c, "notes"), 0);
	ck_assert_int_eq(sai_contract_has_field(c, "region/code/x"), 0);
	ck_assert_int_eq(sai_contract_has_field(c, ""), 0);
	ck_assert_int_eq(sai_contract_has_field(NULL, "region"), 0);
}
END_TEST

/* The values decided-by tries: codes and booleans, nothing for text. */
START_TEST(a_fields_values_and_a_field_supposed)
{
	const sai_contract *c = contract;
	const char *const *v;
	xmlDocPtr doc = record("<station><level>county</level><operation>"
			       "<mode></mode></operation></station>");
	xmlNodePtr root = xmlDocGetRootElement(doc), op;
	sai_supposed s1, s2;
	sai_strbuf sb;
	size_t n, i;
	int seen = 0;

	n = sai_contract_field_values(c, "operation/mode", &v);
	for (i = 0; i < n; i++)
		seen += !strcmp(v[i], "post") || !strcmp(v[i], "purchased");
	ck_assert_int_eq(seen, 2);
	ck_assert_uint_eq(sai_contract_field_values(c, "premises/independent",
						    &v), 2);
	ck_assert_str_eq(v[0], "true");
	ck_assert_uint_eq(sai_contract_field_values(c, "name", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_uint_eq(sai_contract_field_values(c, "notes", &v), 0);
	ck_assert_uint_eq(sai_contract_field_values(NULL, "level", &v), 0);

	/* an empty mode given: a second one after it; a missing premises:
	 * both steps; undone in reverse, the tree is as it was */
	sai_strbuf_init(&sb);
	ck_assert_int_eq(sai_suppose(&s1, root, "operation/mode", "post"), 0);
	op = root->last;
	ck_assert_uint_eq(xmlChildElementCount(op), 2);
	ck_assert_str_eq((const char *)op->last->children->content, "post");
	ck_assert_int_eq(sai_suppose(&s2, root, "premises/independent",
				     "true"), 0);
	ck_assert_str_eq((const char *)root->last->name, "premises");
	ck_assert_str_eq((const char *)root->last->children->name,
			 "independent");
	sai_suppose_undo(&s2);
	sai_suppose_undo(&s1);
	names(doc, &sb);
	ck_assert_str_eq(sai_strbuf_str(&sb), "level operation ");
	ck_assert_uint_eq(xmlChildElementCount(op), 1);
	ck_assert_ptr_eq(op->last, op->children);
	ck_assert_int_eq(sai_suppose(&s1, root, "a//b", "x"), -1);
	ck_assert_int_eq(sai_suppose(&s1, root, "@code", "x"), -1);
	ck_assert_int_eq(sai_suppose(&s1, root, "", "x"), -1);
	sai_suppose_undo(&s1);
	names(doc, &sb);
	ck_assert_str_eq(sai_strbuf_str(&sb), "level operation ");
	sai_strbuf_release(&sb);
	sai_tree_free(doc);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("contract");

	tcase_add_checked_fixture(tc, load, unload);
	tcase_add_test(tc, nearest_names_the_fix);
	tcase_add_test(tc, every_violation_in_order_and_the_tree_kept);
	tcase_add_test(tc, english_and_extra_fields);
	tcase_add_test(tc, the_quick_proof_and_libxml2_agree);
	tcase_add_test(tc, a_field_of_one_value_given_twice);
	tcase_add_test(tc, the_types_of_yaml_scalars);
	tcase_add_test(tc, numbers_written_plainly);
	tcase_add_test(tc, attributes_are_named);
	tcase_add_test(tc, the_first_value_without_validating);
	tcase_add_test(tc, other_roots_are_not_the_contracts);
	tcase_add_test(tc, a_missing_contract_is_an_error);
	tcase_add_test(tc, a_schema_pulls_in_nothing);
	tcase_add_test(tc, a_fields_values_and_a_field_supposed);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
