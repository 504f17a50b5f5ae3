/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_collect.c - what records keep for collection rules: the names the
 * compiler finds in judged rules (steps and values), the pruned
 * projection with its positions, and the run's <records> document.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/hash.h>

#include "collect-internal.h"
#include "pack-internal.h"
#include "testutil.h"

#define HEAD "standard:\n  id: t\n  title: 测试\n" \
	"params: {region: \"4203\"}\n"

static const char dossier[] =
	"station:\n"                                   /* 1 */
	"  id: \"420302001-S01\"\n"
	"  level: township\n"
	"  region: {code: \"420302001\", county: 茅箭区}\n"
	"  premises: {independent: true, area_m2: 120}\n" /* 5 */
	"  staff:\n"
	"    - name: 王丽\n"
	"      phone: \"13800000000\"\n"
	"      certificate: {level: social_worker, number: \"2021\"}\n"
	"    - name: 李明\n"                           /* 10 */
	"      phone: \"13900000000\"\n";

/* A pack of the given rules (YAML after HEAD), compiled; region: set the
 * region parameter as a run does (coverage rules are judged then); dir
 * (else NULL): a folder with t.csv, which the tables the rules read
 * (townships, counties, x) are. */
static sa_pack *compile_rules_in(const char *rules, int region,
				 const char *dir)
{
	static char buf[8192];
	sa_pack *p = sa_pack_new();
	sa_error err;

	snprintf(buf, sizeof(buf), HEAD "%srules:\n%s", dir ? "references:\n"
		 "  townships: {csv: t.csv, key: code}\n"
		 "  counties: {csv: t.csv, key: code}\n"
		 "  x: {csv: t.csv, key: code}\n" : "", rules);
	ck_assert_int_eq(sa_pack_set_audit_date(p, "2024-06-30", &err), SA_OK);
	ck_assert_msg(sa_pack_load_buffer(p, buf, strlen(buf), "t.yaml", dir,
					  &err) == SA_OK, "%s", err.message);
	if (region)
		ck_assert_int_eq(sa_pack_set_param(p, "region", "4203", &err),
				 SA_OK);
	ck_assert_msg(sa_pack_compile(p, &err) == SA_OK, "%s:%lu: %s",
		      err.file, err.line, err.message);
	return p;
}

static sa_pack *compile_rules(const char *rules, int region)
{
	return compile_rules_in(rules, region, NULL);
}

static const char counted[] =
	"  - id: C1\n    title: c\n    severity: major\n"
	"    tags: [coverage]\n    scope: collection\n"
	"    assert: \"count($records[starts-with(region/code, $region)]"
	"/staff[normalize-space(name) != '']) >= 1 and "
	"$records/premises[independent = 'true']\"\n"
	"    message: \"{count($records/staff/certificate)}\"\n";

static const char *keeps(const sa_pack *p, const char *name)
{
	void *how = xmlHashLookup(p->collect_names, (const xmlChar *)name);

	return how == SAI_KEEP_VALUE ? "value" :
	       how == SAI_KEEP_STEP ? "step" : "none";
}

START_TEST(test_names_of_judged_rules)
{
	sa_pack *p = compile_rules(counted, 1);

	ck_assert_int_eq(p->collect_any, 1);
	ck_assert_int_eq(p->collect_whole, 0);
	/* Paths go through these; only counted or tested for existence. */
	ck_assert_str_eq(keeps(p, "region"), "step");
	ck_assert_str_eq(keeps(p, "staff"), "step");
	ck_assert_str_eq(keeps(p, "premises"), "step");
	ck_assert_str_eq(keeps(p, "certificate"), "step");
	/* Compared or passed to a function: their values are read. */
	ck_assert_str_eq(keeps(p, "code"), "value");
	ck_assert_str_eq(keeps(p, "name"), "value");
	ck_assert_str_eq(keeps(p, "independent"), "value");
	ck_assert_str_eq(keeps(p, "phone"), "none");
	ck_assert_str_eq(keeps(p, "area_m2"), "none");
	sa_pack_free(p);
}
END_TEST

/* Coverage rules of a run that names no region are not judged: they read
 * nothing, and records keep nothing for them. */
START_TEST(test_unjudged_keeps_nothing)
{
	sa_pack *p = compile_rules(counted, 0);
	sa_source *src;
	sa_record *rec;
	sa_error err;
	xmlDocPtr proj = (xmlDocPtr)1;

	ck_assert_int_eq(p->collect_any, 0);
	ck_assert_str_eq(keeps(p, "staff"), "none");
	ck_assert_int_eq(sa_source_open_buffer(dossier, strlen(dossier),
					       "d.yaml", &src, &err), SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_int_eq(sai_collect_project(p, rec, &proj), SA_OK);
	ck_assert_ptr_null(proj);
	sa_record_free(rec);
	sa_source_free(src);
	sa_pack_free(p);
}
END_TEST

/* What no name can say keeps every named child of the root whole. */
START_TEST(test_wildcards_keep_whole)
{
	static const char *const tests[] = {
		"count($records//phone) > 0", "count($records/staff/*) > 0",
		"count($records/staff[string() != '']) > 0",
		"count($records/staff[. != '']) > 0",
		"count($records/staff/@sa:type) >= 0",
		"lookup(concat('region/', 'code'), '4203')",
	};
	char rules[512];
	size_t i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		sa_pack *p;

		snprintf(rules, sizeof(rules), "  - id: W\n    title: w\n"
			 "    severity: minor\n    scope: collection\n"
			 "    assert: \"%s\"\n", tests[i]);
		p = compile_rules(rules, 0);
		ck_assert_msg(p->collect_whole == 1, "%s", tests[i]);
		sa_pack_free(p);
	}
}
END_TEST

/* A literal lookup() path is read like any path; a count-kind check only
 * counts its nodes, a value-kind check reads them. */
START_TEST(test_lookup_and_kinds)
{
	sa_pack *p = compile_rules(
		"  - id: L\n    title: l\n    severity: minor\n"
		"    scope: collection\n"
		"    assert: \"lookup('region/code', '420302001')"
		"[level = 'township']\"\n"
		"  - id: N\n    title: n\n    severity: minor\n"
		"    scope: collection\n    count: \"$records/premises\"\n"
		"    min: 1\n"
		"  - id: V\n    title: v\n    severity: minor\n"
		"    scope: collection\n    value: \"$records/staff/certificate\"\n"
		"    pattern: \"^.+$\"\n"
		"  - id: U\n    title: u\n    severity: minor\n"
		"    scope: collection\n    unique: \"$records/signage\"\n"
		"    key: \"degree\"\n"
		"  - id: R\n    title: r\n    severity: minor\n"
		"    scope: collection\n"
		"    ratio: {of: \"$records\", where: \"operation\", min: 0.5}\n",
		0);

	ck_assert_int_eq(p->collect_whole, 0);
	ck_assert_str_eq(keeps(p, "region"), "step");
	ck_assert_str_eq(keeps(p, "code"), "value");
	ck_assert_str_eq(keeps(p, "level"), "value");
	ck_assert_str_eq(keeps(p, "premises"), "step");
	ck_assert_str_eq(keeps(p, "staff"), "step");
	ck_assert_str_eq(keeps(p, "certificate"), "value");
	/* A unique compares its nodes (or keys) by value, a ratio tests. */
	ck_assert_str_eq(keeps(p, "signage"), "value");
	ck_assert_str_eq(keeps(p, "degree"), "value");
	ck_assert_str_eq(keeps(p, "operation"), "step");
	sa_pack_free(p);
}
END_TEST

static xmlNodePtr child(xmlNodePtr n, const char *name, int k)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)n->name, name) && k-- == 0)
			return n;
	return NULL;
}

static xmlDocPtr project(const sa_pack *p, const char *file)
{
	sa_source *src;
	sa_record *rec;
	sa_error err;
	xmlDocPtr proj = NULL;

	ck_assert_int_eq(sa_source_open_buffer(dossier, strlen(dossier), file,
					       &src, &err), SA_OK);
	ck_assert_int_eq(sa_source_next(src, &rec, &err), SA_OK);
	ck_assert_int_eq(sai_collect_project(p, rec, &proj), SA_OK);
	sa_record_free(rec);
	sa_source_free(src);
	ck_assert_ptr_nonnull(proj);
	return proj;
}

START_TEST(test_projection_is_pruned)
{
	sa_pack *p = compile_rules(counted, 1);
	xmlDocPtr proj = project(p, "d.yaml");
	xmlNodePtr root = xmlDocGetRootElement(proj), staff, cert;
	xmlChar *file = xmlGetNsProp(root, (const xmlChar *)"file",
				     (const xmlChar *)SAI_TREE_NS), *v;

	ck_assert_str_eq((const char *)root->name, "station");
	ck_assert_str_eq((const char *)file, "d.yaml");
	xmlFree(file);
	ck_assert_ptr_null(child(root, "id", 0));
	ck_assert_ptr_null(child(root, "level", 0));
	ck_assert_ptr_nonnull(child(child(root, "region", 0), "code", 0));
	ck_assert_ptr_null(child(child(root, "region", 0), "county", 0));
	ck_assert_ptr_null(child(child(root, "premises", 0), "area_m2", 0));
	/* independent's boolean type is not kept: nothing reads it. */
	ck_assert_ptr_null(child(child(root, "premises", 0), "independent",
				 0)->properties);
	staff = child(root, "staff", 1);
	ck_assert_ptr_nonnull(staff);
	ck_assert_ptr_null(child(staff, "phone", 0));
	v = xmlNodeGetContent(child(staff, "name", 0));
	ck_assert_str_eq((const char *)v, "李明");
	xmlFree(v);
	/* Positions stay those of the dossier. */
	ck_assert_uint_eq(sai_node_line(staff), 10);
	ck_assert_uint_eq(sai_node_line(child(root, "staff", 0)), 7);
	ck_assert_uint_eq(sai_node_column(child(staff, "name", 0)), 7);
	cert = child(child(root, "staff", 0), "certificate", 0);
	ck_assert_ptr_nonnull(cert);
	ck_assert_ptr_null(child(cert, "level", 0));
	ck_assert_ptr_null(child(cert, "number", 0));
	sai_tree_free(proj);
	sa_pack_free(p);
}
END_TEST

START_TEST(test_collection_document)
{
	sa_pack *p = compile_rules(counted, 1);
	xmlDocPtr a = project(p, "a.yaml"), b = project(p, "b.yaml"), doc;
	sai_collection c;
	xmlNodePtr root, rec;
	xmlChar *file;

	ck_assert_int_eq(sai_collection_init(&c), SA_OK);
	ck_assert_int_eq(sai_collection_add(&c, a), SA_OK);
	ck_assert_int_eq(sai_collection_add(&c, b), SA_OK);
	sai_tree_free(a);
	sai_tree_free(b);
	doc = sai_collection_doc(&c);
	root = xmlDocGetRootElement(doc);
	ck_assert_str_eq((const char *)root->name, "records");
	rec = child(root, "station", 1);
	ck_assert_ptr_nonnull(rec);
	ck_assert_ptr_null(child(root, "station", 2));
	file = xmlGetNsProp(rec, (const xmlChar *)"file",
			    (const xmlChar *)SAI_TREE_NS);
	ck_assert_str_eq((const char *)file, "b.yaml");
	xmlFree(file);
	/* One copy of each name for the whole run. */
	ck_assert_ptr_nonnull(doc->dict);
	ck_assert_int_eq(xmlDictOwns(doc->dict, rec->name), 1);
	ck_assert_ptr_eq(rec->name, child(root, "station", 0)->name);
	ck_assert_uint_eq(sai_node_line(child(rec, "staff", 1)), 10);
	ck_assert_ptr_nonnull(child(child(rec, "staff", 0), "name", 0));
	sai_collection_release(&c);
	ck_assert_ptr_null(sai_collection_doc(&c));
	sa_pack_free(p);
}
END_TEST

/* ---- which records the rules read ------------------------------------- */

#define RULE(id) "  - id: " id "\n    title: f\n    severity: minor\n" \
	"    scope: collection\n"

/* The prefixes a pack's judged collection rules read ("a,b"), or
 * "(all)" when one of them may read any record. */
static const char *prefixes(const sa_pack *p, char *buf, size_t n)
{
	size_t i, at = 0;

	if (p->collect_unfiltered)
		return "(all)";
	buf[0] = '\0';
	for (i = 0; i < p->collect_prefixes.count && at < n; i++)
		at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? "," : "",
				       p->collect_prefixes.items[i]);
	return buf;
}

static const struct {
	const char *rules, *want;
} filter_cases[] = {
	/* (a): $records under starts-with(region/code, V). */
	{ RULE("A") "    assert: \"count($records[starts-with(region/code,"
	  " $region)]/staff) > 0\"\n", "4203" },
	{ RULE("A") "    assert: \"count($records[level = 'township' and "
	  "starts-with(region/code, substring($region, 1, 2))]) > 0\"\n",
	  "42" },
	{ RULE("A") "    ratio: {of: \"$records[status = 'operating' and "
	  "starts-with(region/code, $region)]\", where: \"premises/"
	  "independent = 'true' and ../records\", min: 0.5}\n", "(all)" },
	{ RULE("A") "    ratio: {of: \"$records[status = 'operating' and "
	  "starts-with(region/code, $region)]\", where: \"premises/"
	  "independent = 'true'\", min: 0.5}\n"
	  "    message: \"{count}/{total} {$region} {{x}}\"\n", "4203" },
	{ RULE("A") "    for-each: \"$records[starts-with(region/code, "
	  "'4203')]\"\n    assert: \"staff\"\n", "4203" },
	{ RULE("A") "    assert: \"count(lookup('code', 'x', $records["
	  "starts-with(region/code, $region)])) = 0\"\n", "4203" },
	/* (b): lookup() keyed by the code of items that start with V. */
	{ RULE("B") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region) and number(substring(code, 7, 3)) < 400]\"\n"
	  "    assert: \"lookup('region/code', $item/code)[level = "
	  "'township']\"\n    message: \"{name} {count(lookup("
	  "'substring(region/code, 1, 6)', code))}\"\n", "4203" },
	{ RULE("B") "    for-each: \"ref('counties')[number(code) > 0]"
	  "[starts-with(code, '42')]\"\n    assert: \"lookup("
	  "'substring( region/code ,1,6)', $item/code)\"\n", "42" },
	/* Rules that read no record need none; two rules, both Vs. */
	{ RULE("C") "    assert: \"days-between('2024-01-01', $audit_date)"
	  " > 0\"\n", "" },
	{ RULE("C") "    assert: \"$records[starts-with(region/code, "
	  "$region)]\"\n" RULE("D") "    assert: \"$records[starts-with("
	  "region/code, '1101')] or $records[starts-with(region/code, "
	  "$region)]\"\n", "4203,1101" },
	/* Other ways to the records read them all. */
	{ RULE("E") "    assert: \"count($records) > 0\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[starts-with(region/code, "
	  "$region) or false()]\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[matches(name, 'x') and "
	  "starts-with(region/code, $region)]\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[(starts-with(region/code, "
	  "$region))]\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[starts-with(region/code, "
	  "name)]\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[starts-with(region/code, "
	  "$region)]/..\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[starts-with(region/code, '')]"
	  "\"\n", "(all)" },
	{ RULE("E") "    assert: \"count(station) > 0\"\n", "(all)" },
	{ RULE("E") "    assert: \"count(*) > 0\"\n", "(all)" },
	{ RULE("E") "    assert: \"count(//station) > 0\"\n", "(all)" },
	{ RULE("E") "    assert: \"count(/records/station) > 0\"\n",
	  "(all)" },
	{ RULE("E") "    assert: \"string-length(string()) > 0\"\n",
	  "(all)" },
	{ RULE("E") "    assert: \"lookup('region/code', '420302001')\"\n",
	  "(all)" },
	{ RULE("E") "    assert: \"count(lookup('//code', 'x', $records["
	  "starts-with(region/code, $region)])) = 0\"\n", "(all)" },
	{ RULE("E") "    assert: \"$records[starts-with(region/code, "
	  "$region)]\"\n    message: \"{count($records)}\"\n", "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]\"\n    assert: \"lookup(concat('region/', 'code'), "
	  "$item/code)\"\n", "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]\"\n    assert: \"lookup('region/code', $item/name)\"\n",
	  "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[contains(code, "
	  "$region)]\"\n    assert: \"lookup('region/code', $item/code)\"\n",
	  "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region) or true()]\"\n    assert: \"lookup('region/code', "
	  "$item/code)\"\n", "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]/name\"\n    assert: \"lookup('region/code', "
	  "$item/code)\"\n", "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]\"\n    assert: \"lookup('substring(region/code, 2, 6)',"
	  " $item/code)\"\n", "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]\"\n    assert: \"ref('x')[lookup('region/code', code)]"
	  "\"\n", "(all)" },
	/* A ratio's where reads the nodes of its of, not the item. */
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]\"\n    ratio: {of: \"ref('townships')\", where: "
	  "\"lookup('region/code', code)\", min: 0.5}\n", "(all)" },
	{ RULE("F") "    for-each: \"ref('townships')[starts-with(code, "
	  "$region)]\"\n    ratio: {of: \"ref('townships')\", where: "
	  "\"lookup('region/code', $item/code)\", min: 0.5}\n", "4203" },
};

START_TEST(test_filter_shapes)
{
	char got[256], dir[64], csv[128];
	sa_pack *p;
	FILE *f;

	/* ref() of a table nobody declares is a load error: declare them */
	sai_test_tmpdir(dir, sizeof(dir), "collect");
	snprintf(csv, sizeof(csv), "%s/t.csv", dir);
	ck_assert_ptr_nonnull(f = fopen(csv, "w"));
	fputs("code,name\n420302001,武当路\n", f);
	ck_assert_int_eq(fclose(f), 0);
	p = compile_rules_in(filter_cases[_i].rules, 1, dir);
	sai_test_rmtree(dir);
	ck_assert_int_eq(p->collect_any, 1);
	ck_assert_msg(!strcmp(prefixes(p, got, sizeof(got)),
			      filter_cases[_i].want), "%s: got %s, want %s",
		      filter_cases[_i].rules, got, filter_cases[_i].want);
	sa_pack_free(p);
}
END_TEST

/* A rule the run does not judge reads no record, whatever its shape. */
START_TEST(test_filter_unjudged)
{
	sa_pack *p = compile_rules(RULE("U") "    tags: [coverage]\n"
				   "    assert: \"count($records) > 0\"\n"
				   RULE("V") "    assert: \"$records["
				   "starts-with(region/code, '11')]\"\n", 0);

	ck_assert_int_eq(p->collect_unfiltered, 0);
	ck_assert_uint_eq(p->collect_prefixes.count, 1);
	ck_assert_str_eq(p->collect_prefixes.items[0], "11");
	sa_pack_free(p);
}
END_TEST

/* A record outside every prefix keeps its root only, so that the
 * others keep their positions; one inside keeps what the rules read. */
START_TEST(test_filter_projection)
{
	sa_pack *out = compile_rules(RULE("O") "    assert: \"count($records["
				     "starts-with(region/code, '4204')]) > 0"
				     "\"\n", 0);
	sa_pack *in = compile_rules(RULE("I") "    assert: \"count($records["
				    "starts-with(region/code, '42030')]) > 0"
				    "\"\n", 0);
	xmlDocPtr a = project(out, "a.yaml"), b = project(in, "b.yaml");
	xmlNodePtr root = xmlDocGetRootElement(a);

	ck_assert_str_eq((const char *)root->name, "station");
	ck_assert_ptr_null(root->children);
	ck_assert_ptr_null(root->properties);
	root = xmlDocGetRootElement(b);
	ck_assert_ptr_nonnull(child(child(root, "region", 0), "code", 0));
	ck_assert_ptr_nonnull(root->properties);  /* sa:file */
	sai_tree_free(a);
	sai_tree_free(b);
	sa_pack_free(out);
	sa_pack_free(in);
}
END_TEST

/* Every bundled pack's collection rules read only the run's region (and
 * the scopes their parameters name), so a national run keeps a region. */
START_TEST(test_filter_bundled)
{
	static const char *const packs[] = { "base", "beijing", "chengdu",
		"coverage", "guangan", "honghe", "jiande", "jinan", "lanzhou",
		"shiyan", "suining", "taicang", "tianjin", NULL };
	sa_pack *p = sa_pack_new();
	sa_error err;
	size_t i;
	int eleven = 0;

	ck_assert_int_eq(sa_pack_add_search_dir(p, SA_SRCDIR "/rules", &err),
			 SA_OK);
	for (i = 0; packs[i]; i++)
		ck_assert_msg(sa_pack_load(p, packs[i], &err) == SA_OK, "%s: %s",
			      packs[i], err.message);
	ck_assert_int_eq(sa_pack_set_param(p, "region", "11", &err), SA_OK);
	ck_assert_msg(sa_pack_compile(p, &err) == SA_OK, "%s", err.message);
	ck_assert_int_eq(p->collect_any, 1);
	ck_assert_int_eq(p->collect_unfiltered, 0);
	for (i = 0; i < p->collect_prefixes.count; i++)
		eleven += !strcmp(p->collect_prefixes.items[i], "11");
	ck_assert_int_eq(eleven, 1);
	sa_pack_free(p);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("collect");
	TCase *tc = tcase_create("collect");

	tcase_add_test(tc, test_names_of_judged_rules);
	tcase_add_test(tc, test_unjudged_keeps_nothing);
	tcase_add_test(tc, test_wildcards_keep_whole);
	tcase_add_test(tc, test_lookup_and_kinds);
	tcase_add_test(tc, test_projection_is_pruned);
	tcase_add_test(tc, test_collection_document);
	tcase_add_loop_test(tc, test_filter_shapes, 0,
			    (int)(sizeof(filter_cases) / sizeof(filter_cases[0])));
	tcase_add_test(tc, test_filter_unjudged);
	tcase_add_test(tc, test_filter_projection);
	tcase_add_test(tc, test_filter_bundled);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
