/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_json.c - JSON dossiers are read strictly (RFC 8259) into the same
 * trees as YAML ones, record by record; what is not JSON is an error with
 * its line and column.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "jsonreader-internal.h"
#include "source-internal.h"
#include "testtree.h"
#include "testutil.h"
#include "tree-internal.h"

/* Reads every record of buf as a .json file; returns the count, fills
 * err with the final error (status SA_OK when none), keeps the first
 * record. */
static int read_all(const char *buf, size_t len, sa_error *err,
		    sa_record **first)
{
	sa_source *src;
	sa_record *rec;
	int n = 0;

	sa_error_clear(err);
	if (first)
		*first = NULL;
	if (sa_source_open_buffer(buf, len, "d.json", &src, err) != SA_OK)
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

static int read_str(const char *buf, sa_error *err, sa_record **first)
{
	return read_all(buf, strlen(buf), err, first);
}

/* An error at line:col whose message contains want. */
#define ck_error(text, line_, col_, want)                               \
	do {                                                            \
		sa_error e_;                                            \
		read_str(text, &e_, NULL);                              \
		ck_assert_msg(e_.status != SA_OK, "%s: accepted", text);\
		ck_assert_msg(strstr(e_.message, want) != NULL,         \
			      "%s: message '%s' lacks '%s'", text,      \
			      e_.message, want);                        \
		ck_assert_msg(e_.line == (line_) && e_.column == (col_),\
			      "%s: at %lu:%lu, want %d:%d", text,       \
			      e_.line, e_.column, line_, col_);         \
	} while (0)

START_TEST(types_as_yaml_marks_them)
{
	sa_error err;
	sa_record *rec;

	ck_assert_int_eq(read_str("{\"station\": {\"id\": \"x-1\", \"n\": 3, "
				  "\"neg\": -0, \"f\": 1.5E+3, \"e\": 2e-2, "
				  "\"ok\": false, \"t\": true, \"nil\": null, "
				  "\"s\": \"12\", \"empty\": \"\", "
				  "\"list\": [1, \"b\", [2, []], {\"k\": 1}], "
				  "\"none\": [], \"bad key\": 1}}",
				  &err, &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_assert_str_eq(sa_record_format(rec), "json");
	ck_xp(rec->doc, "/station/n/@sa:type", "integer");
	ck_xp(rec->doc, "/station/neg/@sa:type", "integer");
	ck_xp(rec->doc, "/station/f/@sa:type", "float");
	/* Numbers are written plainly: XPath 1.0 reads no exponent. */
	ck_xp(rec->doc, "/station/f", "1500");
	ck_xp(rec->doc, "/station/e/@sa:type", "float");
	ck_xp(rec->doc, "/station/e", "0.02");
	ck_xp(rec->doc, "/station/neg", "-0");
	ck_xp(rec->doc, "/station/ok", "false");
	ck_xp(rec->doc, "/station/t/@sa:type", "boolean");
	ck_xp(rec->doc, "/station/nil/@sa:type", "null");
	ck_xp(rec->doc, "string-length(/station/nil)", "0");
	ck_xp(rec->doc, "count(/station/s/@sa:type)", "0");
	ck_xp(rec->doc, "count(/station/empty)", "1");
	ck_xp(rec->doc, "count(/station/list)", "4");
	ck_xp(rec->doc, "/station/list[3]/item[1]", "2");
	ck_xp(rec->doc, "count(/station/list[3]/item)", "2");
	ck_xp(rec->doc, "/station/list[4]/k", "1");
	ck_xp(rec->doc, "count(/station/none)", "0");
	ck_xp(rec->doc, "/station/_/@sa:key", "bad key");
	sa_record_free(rec);
}
END_TEST

START_TEST(escapes_and_surrogate_pairs)
{
	sa_error err;
	sa_record *rec;

	/* Python's json.dumps writes characters beyond the BMP as pairs:
	 * 𡌶 (U+21336) is \ud844\udf36. */
	ck_assert_int_eq(read_str("{\"station\": {\"name\": \"王\\ud844\\udf36\", "
				  "\"b\": \"\\ud840\\udc36\", "
				  "\"e\": \"a\\\"b\\\\c\\/d\\n"
				  "\\u00e9\\u4E2D\"}}",
				  &err, &rec), 1);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "/station/name", "王\xf0\xa1\x8c\xb6");
	ck_xp(rec->doc, "/station/b", "\xf0\xa0\x80\xb6");
	ck_xp(rec->doc, "/station/e", "a\"b\\c/d\n\xc3\xa9\xe4\xb8\xad");
	sa_record_free(rec);
}
END_TEST

/* A pair split between two of the pieces the reader feeds yajl. */
START_TEST(surrogate_pair_across_pieces)
{
	char buf[9000];
	size_t pad;
	sa_error err;
	sa_record *rec;

	for (pad = 4060; pad < 4110; pad++) {
		int n = snprintf(buf, sizeof(buf), "{\"station\": {\"p\": "
				 "\"%*s\", \"s\": \"\\ud844\\udf36\"}}",
				 (int)pad, "x");

		ck_assert_int_eq(read_all(buf, (size_t)n, &err, &rec), 1);
		ck_assert_msg(err.status == SA_OK, "pad %zu: %s", pad,
			      err.message);
		ck_xp(rec->doc, "/station/s", "\xf0\xa1\x8c\xb6");
		sa_record_free(rec);
	}
}
END_TEST

START_TEST(lone_surrogates_refused)
{
	ck_error("{\"station\": {\"a\": \"\\ud800\"}}", 1, 20,
		 "high surrogate");
	ck_error("{\"station\": {\"a\": \"x\\ud800y\"}}", 1, 21,
		 "high surrogate");
	ck_error("{\"station\": {\"a\": \"\\ud800\\u0041\"}}", 1, 20,
		 "high surrogate");
	ck_error("{\"station\": {\"a\": \"\\ud800\\n\"}}", 1, 20,
		 "high surrogate");
	ck_error("{\"station\": {\"a\": \"\\udc00\"}}", 1, 20,
		 "low surrogate");
	ck_error("{\"station\": {\"\\uDFAA\": 0}}", 1, 15, "low surrogate");
}
END_TEST

START_TEST(not_json_refused_with_place)
{
	ck_error("{\"station\": {\"a\": [1, 2,]}}", 1, 25,
		 "trailing comma");
	ck_error("{\"station\": {\n  \"a\": 1,\n}}", 3, 1, "trailing comma");
	ck_error("# dossier\n{\"station\": {}}", 1, 1, "comments");
	ck_error("{\"station\": {\"a\": 1 // x\n}}", 1, 21, "comments");
	ck_error("{\"station\": {\"a\": 1 /* x */}}", 1, 21, "comments");
	ck_error("{\"station\": {\"a\": yes}}", 1, 19, "bare word");
	ck_error("{\"station\": {\"a\": 王}}", 1, 19, "bare word");
	ck_error("{\"station\": {'a': 1}}", 1, 14, "double quotes");
	ck_error("{\"station\": {a: 1}}", 1, 14, "bare word");
	ck_error("{\"station\": {\"a\": 01}}", 1, 20, "leading zeros");
	ck_error("{\"station\": {\"a\": 1,, \"b\": 2}}", 1, 21, "comma");
	ck_error("{\"station\": {\"a\": \"x\ty\"}}", 1, 21,
		 "invalid character inside string");
	ck_error("{\"station\": {\"a\": \"\\x\"}}", 1, 21, "'\\'");
	ck_error("{\"station\": {\"a\": 1}} {}", 1, 23, "one value");
	ck_error("{\"station\": {\"a\": \"b", 1, 19, "ends inside");
	ck_error("{\"station\": {\"a\": NaN}}", 1, 19, "bare word");
	ck_error("{\"station\": {\"a\": .5}}", 1, 19, "");
	ck_error("{\"station\":\f{}}", 1, 12, "U+000C");
	ck_error("{\"station\":\v{}}", 1, 12, "U+000B");
	ck_error("{\"station\": {\"a\": 1}, \"more\": 2}", 1, 23,
		 "one top-level key");
}
END_TEST

START_TEST(shapes_as_yaml)
{
	sa_error err;
	sa_record *rec;

	ck_error("", 1, 1, "empty file");
	ck_error(" \n\t", 1, 1, "empty file");
	ck_error("\xef\xbb\xbf", 1, 1, "empty file");
	ck_error("[]", 1, 1, "empty file");
	ck_error("{\"stations\": []}", 1, 1, "empty file");
	ck_error("{}", 1, 2, "empty dossier");
	ck_error("\"s\"", 1, 1, "must be a mapping");
	ck_error("{\"station\": 5}", 1, 13, "expected a mapping");
	ck_error("[1]", 1, 2, "must be a station (a mapping of keys)");
	ck_error("{\"station\": {\"a\": 1, \"a\": 2}}", 1, 22,
		 "duplicate key 'a'");
	ck_error("{\"station\": {\"a\\u0000b\": 1}}", 1, 14, "NUL");
	/* A single key names the record's root; a BOM is skipped. */
	ck_assert_int_eq(read_str("\xef\xbb\xbf{\"weird key\": {\"x\": 1}}",
				  &err, &rec), 1);
	ck_xp(rec->doc, "/_/@sa:key", "weird key");
	ck_assert_uint_eq(rec->line, 1);
	ck_assert_uint_eq(rec->column, 2);
	sa_record_free(rec);
	ck_assert_int_eq(read_str("[{\"a\": 1},\r\n {\"b\": [1, 2]}]", &err,
				  &rec), 2);
	ck_assert_int_eq(err.status, SA_OK);
	ck_xp(rec->doc, "name(/*)", "station");
	sa_record_free(rec);
}
END_TEST

/* Every element keeps where it was written: a key's line and column (in
 * characters), an array item's own. */
START_TEST(positions)
{
	static const char text[] =
		"{\"stations\": [\n"
		"  {\"名称\": \"王\", \"n\": [10,\n"
		"     20]},\n"
		"  {\"x\": {\"y\": 1}}\n"
		"]}\n";
	sai_json_reader *r;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	unsigned long line, col;
	sa_error err;

	ck_assert_int_eq(sai_json_open_buffer(text, strlen(text), "p.json",
					      NULL, &r, &err), SA_OK);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	ck_assert_ptr_nonnull(doc);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 3);
	root = xmlDocGetRootElement(doc);
	n = xmlFirstElementChild(root);
	ck_assert_uint_eq(sai_node_line(n), 2);
	ck_assert_uint_eq(sai_node_column(n), 4);
	n = xmlNextElementSibling(n);
	ck_assert_uint_eq(sai_node_line(n), 2);
	ck_assert_uint_eq(sai_node_column(n), 21);
	n = xmlNextElementSibling(n);
	ck_assert_uint_eq(sai_node_line(n), 3);
	ck_assert_uint_eq(sai_node_column(n), 6);
	sai_tree_free(doc);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	ck_assert_uint_eq(line, 4);
	n = xmlFirstElementChild(xmlFirstElementChild(
		xmlDocGetRootElement(doc)));
	ck_assert_uint_eq(sai_node_line(n), 4);
	ck_assert_uint_eq(sai_node_column(n), 10);
	sai_tree_free(doc);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	ck_assert_ptr_null(doc);
	sai_json_free(r);
}
END_TEST

START_TEST(invalid_utf8_refused)
{
	/* (The source layer words the message: sa_source_next.) */
	ck_error("{\"station\": {\"a\": \"\xcd\xf5\xc0\xf6\"}}", 1, 20,
		 "UTF-8");
	ck_error("{\"station\": {\"a\": \"\xc0\x80\"}}", 1, 20, "UTF-8");
	ck_error("{\"station\": {\"a\": \"\xed\xa0\x80\"}}", 1, 20,
		 "UTF-8");
	ck_error("{\"station\": {\"a\": \"\xf4\x90\x80\x80\"}}", 1, 20,
		 "UTF-8");
	ck_error("{\"station\": {\"a\": \"\xe7\x8e", 1, 20, "UTF-8");
}
END_TEST

/* Records stream: the first comes before the file is read to its end. */
START_TEST(streams_records)
{
	FILE *f = tmpfile();
	sai_json_reader *r;
	xmlDocPtr doc;
	unsigned long line, col;
	sa_error err;
	long size;
	int i, n = 0;

	ck_assert_ptr_nonnull(f);
	fputs("{\"stations\": [", f);
	for (i = 0; i < 20000; i++)
		fprintf(f, "%s{\"id\": \"s-%d\", \"n\": %d}", i ? ",\n" : "",
			i, i);
	fputs("]}", f);
	size = ftell(f);
	rewind(f);
	ck_assert_int_eq(sai_json_open_file(f, "s.json", NULL, &r, &err),
			 SA_OK);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	ck_assert_ptr_nonnull(doc);
	ck_assert_msg(ftell(f) < size / 4, "read %ld of %ld bytes for one "
		      "record", ftell(f), size);
	do {
		ck_xp(doc, "/station/n/@sa:type", "integer");
		sai_tree_free(doc);
		n++;
		ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col,
						      &err), SA_OK);
	} while (doc);
	ck_assert_int_eq(n, 20000);
	ck_assert_uint_eq(line, 20000);
	sai_json_free(r);
	fclose(f);
}
END_TEST

/* A token longer than any piece (3 MB of digits, then a 3 MB string)
 * between small records: the pieces grow over it and the read buffer of
 * a stream with them, and every record and value comes out whole, the
 * records after it with their lines. */
START_TEST(long_tokens_between_records)
{
	enum { BIG = 3 * 1000 * 1000 };
	FILE *f = tmpfile();
	sai_json_reader *r;
	xmlDocPtr doc;
	unsigned long line, col;
	sa_error err;
	char *want = malloc(BIG + 1);
	int i, n = 0;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(want);
	memset(want, '7', BIG);
	want[BIG] = '\0';
	fputs("{\"stations\": [{\"id\": \"a\"},\n{\"id\": \"b\", \"n\": 1", f);
	fputs(want, f);
	fputs("},\n{\"id\": \"c\", \"s\": \"", f);
	fputs(want, f);
	fputs("\"}", f);
	for (i = 0; i < 3000; i++)
		fprintf(f, ",\n{\"id\": \"t-%d\"}", i);
	fputs("]}", f);
	rewind(f);
	ck_assert_int_eq(sai_json_open_file(f, "long.json", NULL, &r, &err),
			 SA_OK);
	for (;;) {
		xmlChar *v;

		ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col,
						      &err), SA_OK);
		if (!doc)
			break;
		if (n == 1) {
			v = xmlNodeGetContent(xmlDocGetRootElement(doc)->
					      children->next);
			ck_assert_uint_eq(strlen((char *)v), BIG + 1);
			ck_assert(!strncmp((char *)v + 1, want, BIG));
			xmlFree(v);
		} else if (n == 2) {
			v = xmlNodeGetContent(xmlDocGetRootElement(doc)->
					      children->next);
			ck_assert_str_eq((char *)v, want);
			xmlFree(v);
		}
		sai_tree_free(doc);
		n++;
	}
	ck_assert_int_eq(n, 3003);
	ck_assert_uint_eq(line, 3003);
	sai_json_free(r);
	fclose(f);
	free(want);
}
END_TEST

/* Hostile input stops at the limits, with an error. */
START_TEST(limits)
{
	char *deep = malloc(200020);
	sai_json_options o;
	sai_json_reader *r;
	xmlDocPtr doc;
	unsigned long line, col;
	sa_error err;
	size_t i;
	static const char big[] = "{\"station\": {\"a\": \"0123456789\"}}";

	memcpy(deep, "{\"station\":{\"a\":", 16);
	for (i = 16; i < 200016; i++)
		deep[i] = '[';
	deep[i] = '\0';
	read_all(deep, i, &err, NULL);
	ck_assert_int_eq(err.status, SA_ERR_LIMIT);
	ck_assert_ptr_nonnull(strstr(err.message, "nesting deeper"));
	free(deep);
	sai_json_options_default(&o);
	o.max_record_bytes = 16;
	ck_assert_int_eq(sai_json_open_buffer(big, strlen(big), "b.json", &o,
					      &r, &err), SA_OK);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_ERR_LIMIT);
	ck_assert_ptr_null(doc);
	/* and then the end: the reader does not go on after it */
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_OK);
	ck_assert_ptr_null(doc);
	sai_json_free(r);
}
END_TEST

/* Value mode reads any JSON value. */
START_TEST(value_mode)
{
	static const char *const ok[] = { "[1, [2]]", "\"s\"", "-1e5", "null",
					  " {\"a\": {}} ", NULL };
	sai_json_options o;
	sai_json_reader *r;
	xmlDocPtr doc;
	unsigned long line, col;
	sa_error err;
	int i;

	sai_json_options_default(&o);
	o.any_value = 1;
	for (i = 0; ok[i]; i++) {
		ck_assert_int_eq(sai_json_open_buffer(ok[i], strlen(ok[i]),
						      "v.json", &o, &r, &err),
				 SA_OK);
		ck_assert_msg(sai_json_next_record(r, &doc, &line, &col,
						   &err) == SA_OK && doc,
			      "%s: %s", ok[i], err.message);
		if (i == 0) {
			ck_xp(doc, "count(/json/value)", "2");
			ck_xp(doc, "/json/value[2]/item", "2");
		}
		sai_tree_free(doc);
		sai_json_free(r);
	}
	ck_assert_int_eq(sai_json_open_buffer("[1] 2", 5, "v.json", &o, &r,
					      &err), SA_OK);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 SA_ERR_PARSE);
	sai_json_free(r);
}
END_TEST

/* The next record, or the error (its status, place and words) of an item
 * that is none. */
static void ck_next(sai_json_reader *r, sa_status want, unsigned long wline,
		    unsigned long wcol, const char *words)
{
	xmlDocPtr doc = NULL;
	unsigned long line = 0, col = 0;
	sa_error err;

	sa_error_clear(&err);
	ck_assert_int_eq(sai_json_next_record(r, &doc, &line, &col, &err),
			 want);
	if (want == SA_OK && wline) {
		ck_assert_ptr_nonnull(doc);
	} else {
		ck_assert_ptr_null(doc);
	}
	if (want != SA_OK) {
		ck_assert_uint_eq(err.line, wline);
		ck_assert_uint_eq(err.column, wcol);
		ck_assert_msg(strstr(err.message, words) != NULL, "%s",
			      err.message);
		ck_assert_str_eq(err.file, "w.json");
	} else if (wline) {
		ck_assert_uint_eq(line, wline);
		ck_assert_uint_eq(col, wcol);
	}
	sai_tree_free(doc);
}

/* An item of the list of records that is no mapping is one error at the
 * item, and the items after it are read (review finding "toplevel"). */
START_TEST(wrong_item_costs_only_itself)
{
	static const char *text =
		"{\"stations\": [{\"id\": \"a\"},\n"
		"  \"oops\", [1, [2, {\"x\": [3]}], {}], 7.5,\n"
		"  null, true, {\"id\": \"b\"}]}\n";
	static const char *top = "[1, {\"id\": \"c\"}, [[]]]";
	sai_json_reader *r;
	sa_error err;

	ck_assert_int_eq(sai_json_open_buffer(text, strlen(text), "w.json",
					      NULL, &r, &err), SA_OK);
	ck_next(r, SA_OK, 1, 15, NULL);
	ck_next(r, SA_ERR_SHAPE, 2, 3, "found a string");
	ck_next(r, SA_ERR_SHAPE, 2, 11, "found a list");
	ck_next(r, SA_ERR_SHAPE, 2, 37, "found a number");
	ck_next(r, SA_ERR_SHAPE, 3, 3, "found null");
	ck_next(r, SA_ERR_SHAPE, 3, 9, "found true or false");
	ck_next(r, SA_OK, 3, 15, NULL);
	ck_next(r, SA_OK, 0, 0, NULL);
	sai_json_free(r);
	ck_assert_int_eq(sai_json_open_buffer(top, strlen(top), "w.json",
					      NULL, &r, &err), SA_OK);
	ck_next(r, SA_ERR_SHAPE, 1, 2, "a station (a mapping of keys)");
	ck_next(r, SA_OK, 1, 5, NULL);
	ck_next(r, SA_ERR_SHAPE, 1, 18, "found a list");
	ck_next(r, SA_OK, 0, 0, NULL);
	sai_json_free(r);
	/* Only wrong items: each said, and no "empty file" after them. */
	ck_assert_int_eq(sai_json_open_buffer("[1, []]", 7, "w.json", NULL,
					      &r, &err), SA_OK);
	ck_next(r, SA_ERR_SHAPE, 1, 2, "found a number");
	ck_next(r, SA_ERR_SHAPE, 1, 5, "found a list");
	ck_next(r, SA_OK, 0, 0, NULL);
	sai_json_free(r);
	/* Any other error ends the file: told once, then the end. */
	ck_assert_int_eq(sai_json_open_buffer("[{}, {\"a\" 1}]", 13, "w.json",
					      NULL, &r, &err), SA_OK);
	ck_next(r, SA_OK, 1, 2, NULL);
	ck_next(r, SA_ERR_PARSE, 1, 11, "malformed JSON");
	ck_next(r, SA_OK, 0, 0, NULL);
	sai_json_free(r);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, types_as_yaml_marks_them);
	tcase_add_test(tc, escapes_and_surrogate_pairs);
	tcase_add_test(tc, surrogate_pair_across_pieces);
	tcase_add_test(tc, lone_surrogates_refused);
	tcase_add_test(tc, not_json_refused_with_place);
	tcase_add_test(tc, shapes_as_yaml);
	tcase_add_test(tc, positions);
	tcase_add_test(tc, invalid_utf8_refused);
	tcase_add_test(tc, streams_records);
	tcase_add_test(tc, long_tokens_between_records);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, value_mode);
	tcase_add_test(tc, wrong_item_costs_only_itself);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
