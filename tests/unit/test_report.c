/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report.c - the report writers on hand-built results: the JSON
 * report parsed back with a strict RFC 8259 parser (below), string
 * escaping, determinism, the text report's grouping, order, colour and
 * language.  No engine: the context's pack is NULL.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-internal.h"
#include "rollup-internal.h"
#include "testutil.h"
#include "util-internal.h"

/* ---- a strict JSON parser, enough to read a report back ------------------ */

typedef enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
	jtype type;
	int b;
	double num;
	char *str;              /* J_STR: decoded UTF-8 */
	struct jval *items;     /* J_ARR, J_OBJ */
	char **keys;            /* J_OBJ */
	size_t n;
} jval;

typedef struct jparser {
	const char *p;
	const char *end;
	int depth;
} jparser;

static int j_value(jparser *jp, jval *v);

static void j_free(jval *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		j_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

static void j_ws(jparser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\n' ||
				   *jp->p == '\r' || *jp->p == '\t'))
		jp->p++;
}

static int j_hex4(jparser *jp, unsigned long *out)
{
	int i;

	*out = 0;
	for (i = 0; i < 4; i++, jp->p++) {
		char c = jp->p < jp->end ? *jp->p : 0;
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		*out = *out * 16 + (unsigned long)d;
	}
	return 0;
}

static void j_utf8(sai_strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		sai_strbuf_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		sai_strbuf_addc(sb, (char)(0xc0 | (cp >> 6)));
		sai_strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sai_strbuf_addc(sb, (char)(0xe0 | (cp >> 12)));
		sai_strbuf_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sai_strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sai_strbuf_addc(sb, (char)(0xf0 | (cp >> 18)));
		sai_strbuf_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sai_strbuf_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sai_strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static int j_escape(jparser *jp, sai_strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	unsigned long cp, lo;

	if (jp->p >= jp->end)
		return -1;
	if (*jp->p != 'u') {
		if (!(e = strchr(from, *jp->p)) || !*jp->p)
			return -1;
		sai_strbuf_addc(sb, to[e - from]);
		jp->p++;
		return 0;
	}
	jp->p++;
	if (j_hex4(jp, &cp) < 0)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (jp->end - jp->p < 6 || jp->p[0] != '\\' || jp->p[1] != 'u')
			return -1;
		jp->p += 2;
		if (j_hex4(jp, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return -1;
	}
	j_utf8(sb, cp);
	return 0;
}

/* A string: raw bytes must be valid UTF-8 without control characters. */
static int j_string(jparser *jp, char **out)
{
	sai_strbuf sb;
	const char *start;

	sai_strbuf_init(&sb);
	if (jp->p >= jp->end || *jp->p != '"')
		return -1;
	start = ++jp->p;
	while (jp->p < jp->end && *jp->p != '"') {
		unsigned char c = (unsigned char)*jp->p;

		if (c < 0x20)
			goto fail;
		if (c == '\\') {
			jp->p++;
			if (j_escape(jp, &sb) < 0)
				goto fail;
			continue;
		}
		sai_strbuf_addc(&sb, (char)c);
		jp->p++;
	}
	if (jp->p >= jp->end || !sai_utf8_valid(start, (size_t)(jp->p - start)))
		goto fail;
	jp->p++;
	sai_strbuf_addc(&sb, '\0');
	sb.len--;
	*out = sai_strbuf_detach(&sb, NULL);
	return *out ? 0 : -1;
fail:
	sai_strbuf_release(&sb);
	return -1;
}

static int j_number(jparser *jp, jval *v)
{
	const char *s = jp->p;
	char *end;

	if (jp->p < jp->end && *jp->p == '-')
		jp->p++;
	if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9')
		return -1;
	if (*jp->p == '0' && jp->p + 1 < jp->end && jp->p[1] >= '0' &&
	    jp->p[1] <= '9')
		return -1;
	v->type = J_NUM;
	v->num = strtod(s, &end);
	if (end == s || end > jp->end || end[-1] == '.')
		return -1;
	jp->p = end;
	return 0;
}

static int j_push(jval *v, jval *item, char *key)
{
	jval *items = realloc(v->items, (v->n + 1) * sizeof(*items));
	char **keys;

	if (!items)
		return -1;
	v->items = items;
	if (v->type == J_OBJ) {
		if (!(keys = realloc(v->keys, (v->n + 1) * sizeof(*keys))))
			return -1;
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = *item;
	return 0;
}

/* One member of an object (key, colon, value) or element of an array;
 * duplicate keys are refused (fixed keys are part of the schema). */
static int j_member(jparser *jp, jval *v)
{
	jval item;
	char *key = NULL;
	size_t i;

	memset(&item, 0, sizeof(item));
	j_ws(jp);
	if (v->type == J_OBJ) {
		if (j_string(jp, &key) < 0)
			return -1;
		for (i = 0; i < v->n; i++)
			if (!strcmp(v->keys[i], key))
				goto fail;
		j_ws(jp);
		if (jp->p >= jp->end || *jp->p++ != ':')
			goto fail;
	}
	if (j_value(jp, &item) < 0 || j_push(v, &item, key) < 0) {
		j_free(&item);
		goto fail;
	}
	return 0;
fail:
	free(key);
	return -1;
}

static int j_container(jparser *jp, jval *v, char close)
{
	v->type = close == '}' ? J_OBJ : J_ARR;
	jp->p++;
	j_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return 0;
	}
	for (;;) {
		if (j_member(jp, v) < 0)
			return -1;
		j_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return 0;
		}
		return -1;
	}
}

static int j_literal(jparser *jp, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
		return -1;
	jp->p += n;
	return 0;
}

static int j_value(jparser *jp, jval *v)
{
	int rc;

	j_ws(jp);
	if (jp->p >= jp->end || ++jp->depth > 64)
		return -1;
	switch (*jp->p) {
	case '{': rc = j_container(jp, v, '}'); break;
	case '[': rc = j_container(jp, v, ']'); break;
	case '"': v->type = J_STR; rc = j_string(jp, &v->str); break;
	case 't': v->type = J_BOOL; v->b = 1; rc = j_literal(jp, "true"); break;
	case 'f': v->type = J_BOOL; rc = j_literal(jp, "false"); break;
	case 'n': v->type = J_NULL; rc = j_literal(jp, "null"); break;
	default: rc = j_number(jp, v); break;
	}
	jp->depth--;
	return rc;
}

/* Parses the whole text; 0 when it is one JSON value and nothing else. */
static int j_parse(const char *text, size_t len, jval *v)
{
	jparser jp = { text, text + len, 0 };

	memset(v, 0, sizeof(*v));
	if (j_value(&jp, v) < 0)
		goto fail;
	j_ws(&jp);
	if (jp.p != jp.end)
		goto fail;
	return 0;
fail:
	j_free(v);
	return -1;
}

/* The value at a dotted path: "records.0.findings.1.message". */
static const jval *j_at(const jval *v, const char *path)
{
	char part[64];
	size_t i, n;

	while (v && *path) {
		n = strcspn(path, ".");
		ck_assert_uint_lt(n, sizeof(part));
		memcpy(part, path, n);
		part[n] = '\0';
		path += n + (path[n] == '.');
		if (v->type == J_ARR) {
			i = strtoul(part, NULL, 10);
			v = i < v->n ? &v->items[i] : NULL;
		} else if (v->type == J_OBJ) {
			for (i = 0; i < v->n && strcmp(v->keys[i], part); i++)
				;
			v = i < v->n ? &v->items[i] : NULL;
		} else {
			v = NULL;
		}
	}
	return v;
}

static const char *j_str(const jval *root, const char *path)
{
	const jval *v = j_at(root, path);

	ck_assert_msg(v && v->type == J_STR, "%s is not a string", path);
	return v->str;
}

static double j_num(const jval *root, const char *path)
{
	const jval *v = j_at(root, path);

	ck_assert_msg(v && v->type == J_NUM, "%s is not a number", path);
	return v->num;
}

static int j_is_null(const jval *root, const char *path)
{
	const jval *v = j_at(root, path);

	ck_assert_msg(v != NULL, "%s is missing", path);
	return v->type == J_NULL;
}

static size_t j_len(const jval *root, const char *path)
{
	const jval *v = j_at(root, path);

	ck_assert_msg(v && (v->type == J_ARR || v->type == J_OBJ),
		      "%s is not a container", path);
	return v->n;
}

/* ---- fixtures ------------------------------------------------------------ */

static const sa_rule_info rule_staff = {
	"SY-STAFF", "专职社工不少于 3 人", "At least 3 social workers",
	"count", "count(staff)", SA_SEVERITY_CRITICAL, 3, NULL, NULL,
	NULL, "shiyan", "rules/shiyan.yaml", 10, 3, 0,
};
static const sa_rule_info rule_phone = {
	"SY-PHONE", "联系电话格式", "Phone format", "assert", "matches()",
	SA_SEVERITY_MAJOR, 1, NULL, NULL, NULL, "shiyan", "rules/shiyan.yaml",
	20, 3, 0,
};
static const sa_rule_info rule_area = {
	"SY-AREA", "场地面积", "Floor area", "value", "area",
	SA_SEVERITY_MINOR, 1, NULL, NULL, NULL, "shiyan", "rules/shiyan.yaml",
	30, 3, 0,
};
static const sa_rule_info rule_sign = {
	"SY-SIGN", "门牌标识", NULL, "require", "sign", SA_SEVERITY_INFO, 0.5,
	NULL, NULL, NULL, "shiyan", "rules/shiyan.yaml", 40, 3, 0,
};

#define FINDING(rule, st, sev, file, line, msg, act, exp)                  \
	{ &(rule), (st), (sev), (file), (line), 5, "/station/x", (msg),    \
	  (act), (exp), NULL }
#define PASS(rule, sev, file)                                              \
	FINDING(rule, SA_FINDING_PASS, sev, file, 0, NULL, NULL, NULL)

/* a.yaml: three records; r0 one major failure, r1 one critical and one
 * minor failure, r2 clean.  b.yaml: one minor failure with odd text.
 * c.yaml: unreadable. */
static const sa_finding f_r0[] = {
	PASS(rule_staff, SA_SEVERITY_CRITICAL, "a.yaml"),
	FINDING(rule_phone, SA_FINDING_FAIL, SA_SEVERITY_MAJOR, "a.yaml", 8,
		"电话号码格式不正确", "123", "11 位手机号"),
	FINDING(rule_area, SA_FINDING_NOT_APPLICABLE, SA_SEVERITY_MINOR,
		"a.yaml", 0, NULL, NULL, NULL),
};
static const sa_finding f_r1[] = {
	FINDING(rule_area, SA_FINDING_FAIL, SA_SEVERITY_MINOR, "a.yaml", 30,
		"场地面积不足", "40", "≥ 60"),
	FINDING(rule_staff, SA_FINDING_FAIL, SA_SEVERITY_CRITICAL, "a.yaml",
		22, "专职社工只有 2 人", "2", "≥ 3"),
	PASS(rule_phone, SA_SEVERITY_MAJOR, "a.yaml"),
};
static const sa_finding f_r2[] = {
	PASS(rule_staff, SA_SEVERITY_CRITICAL, "a.yaml"),
	PASS(rule_phone, SA_SEVERITY_MAJOR, "a.yaml"),
	PASS(rule_area, SA_SEVERITY_MINOR, "a.yaml"),
};
static const sa_finding f_r3[] = {
	FINDING(rule_sign, SA_FINDING_FAIL, SA_SEVERITY_INFO, "b.yaml", 3,
		"quote \" backslash \\ newline\n tab\t esc \033[31m </script> "
		"bad \xff\xfe end", NULL, "\x01"),
	FINDING(rule_phone, SA_FINDING_WAIVED, SA_SEVERITY_MAJOR, "b.yaml", 4,
		"豁免：新站", NULL, NULL),
};
static const sa_finding f_r4[] = {
	{ NULL, SA_FINDING_ERROR, SA_SEVERITY_CRITICAL, "c.yaml", 4, 7, NULL,
	  "mapping values are not allowed here", "  name: a: b", NULL, NULL },
};

#define DIGEST_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa11"
#define DIGEST_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" \
		 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb22"

static const sai_report_input inputs[] = {
	{ "a.yaml", DIGEST_A }, { "b.yaml", DIGEST_B }, { "c.yaml", "" },
};

typedef struct fixture {
	sa_record_result recs[5];
	sa_summary sum;
	sa_rule_summary rules[4];
	size_t nrules;
} fixture;

static void set_record(sa_record_result *rr, size_t seq, const char *file,
		       unsigned long line, const char *id,
		       const sa_finding *f, size_t n, double score)
{
	size_t i;

	memset(rr, 0, sizeof(*rr));
	rr->seq = seq;
	rr->file = file;
	rr->line = line;
	rr->column = 1;
	rr->record_id = id;
	rr->findings = f;
	rr->finding_count = n;
	rr->score = score;
	for (i = 0; i < n; i++) {
		rr->counts[f[i].status]++;
		if (f[i].status == SA_FINDING_FAIL)
			rr->fail_by_severity[f[i].severity]++;
	}
}

static void tally(fixture *fx, const sa_record_result *rr)
{
	size_t i, k;
	const sa_rule_info *const order[] = {
		&rule_staff, &rule_phone, &rule_area, &rule_sign,
	};

	fx->sum.records += !rr->load_error;
	fx->sum.unreadable += rr->load_error;
	fx->sum.records_failing += rr->counts[SA_FINDING_FAIL] > 0;
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];

		fx->sum.findings[f->status]++;
		if (f->status == SA_FINDING_FAIL)
			fx->sum.fail_by_severity[f->severity]++;
		for (k = 0; k < 4; k++)
			if (f->rule == order[k])
				fx->rules[k].counts[f->status]++;
	}
	for (k = 0; k < 4; k++)
		fx->rules[k].rule = order[k];
}

static void make_fixture(fixture *fx)
{
	size_t i;

	memset(fx, 0, sizeof(*fx));
	set_record(&fx->recs[0], 0, "a.yaml", 1, "ZS-001", f_r0, 3, 75);
	fx->recs[0].name = "张湾区社工站";
	fx->recs[0].region = "420302";
	fx->recs[0].grade = "B";
	set_record(&fx->recs[1], 1, "a.yaml", 40, "ZS-002", f_r1, 3, 12.5);
	fx->recs[1].name = "茅箭区社工站";
	fx->recs[1].grade = "D";
	set_record(&fx->recs[2], 2, "a.yaml", 80, "ZS-003", f_r2, 3, 100);
	fx->recs[2].grade = "A";
	set_record(&fx->recs[3], 3, "b.yaml", 1, "B\"1", f_r3, 2, 80);
	set_record(&fx->recs[4], 4, "c.yaml", 4, NULL, f_r4, 1, -1);
	fx->recs[4].column = 7;
	fx->recs[4].load_error = 1;
	for (i = 0; i < 5; i++)
		tally(fx, &fx->recs[i]);
	fx->sum.files = 3;
	fx->nrules = 4;
}

/* Runs a writer over the fixture's records; returns what it wrote
 * (caller frees). */
static char *run_writer(const char *name, const sa_run_options *opts,
			const fixture *fx, size_t nrec, size_t *len)
{
	const sai_report_writer *w = sai_report_find(name);
	sai_report_context ctx;
	char *buf = NULL;
	size_t size = 0, i;
	void *state = NULL;

	ck_assert_ptr_nonnull(w);
	memset(&ctx, 0, sizeof(ctx));
	ctx.out = open_memstream(&buf, &size);
	ck_assert_ptr_nonnull(ctx.out);
	ctx.path = "-";
	ctx.opts = opts;
	ctx.inputs = inputs;
	ctx.input_count = 3;
	ctx.tool_version = "0.1.0";
	ck_assert_int_eq(w->begin(&state, &ctx), 0);
	for (i = 0; i < nrec; i++)
		ck_assert_int_eq(w->record(state, &ctx, &fx->recs[i]), 0);
	ck_assert_int_eq(w->end(state, &ctx, &fx->sum, fx->rules, fx->nrules),
			 0);
	w->free(state);
	ck_assert_int_eq(fclose(ctx.out), 0);
	if (len)
		*len = size;
	return buf;
}

static sa_run_options options(const char *lang, int color, int verbose)
{
	sa_run_options o;

	memset(&o, 0, sizeof(o));
	o.lang = lang;
	o.color = color;
	o.verbose = verbose;
	return o;
}

/* The checks below mean something only if the parser refuses bad JSON. */
START_TEST(the_test_parser_is_strict)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\":1,}", "{\"a\":1,\"a\":2}", "01", "1.",
		"-", "tru", "\"abc", "\"a\x01\"", "\"\xff\"", "\"\\x\"",
		"\"\\ud800\"", "[1] 2", "{a:1}", "'a'",
	};
	static const char *const good[] = {
		"{}", "[]", "0", "-1.5e3", "\"\\u00e9\\ud83d\\ude00\"",
		" {\"a\": [true, false, null]} ",
	};
	size_t i;
	jval v;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(j_parse(bad[i], strlen(bad[i]), &v) < 0,
			      "accepted %s", bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(j_parse(good[i], strlen(good[i]), &v) == 0,
			      "refused %s", good[i]);
		j_free(&v);
	}
	ck_assert_int_eq(j_parse("\"\\u00e9\\ud83d\\ude00\"", 20, &v), 0);
	ck_assert_str_eq(v.str, "é\xf0\x9f\x98\x80");
	j_free(&v);
}
END_TEST

/* ---- the table and the shared helpers ------------------------------------ */

START_TEST(writers_are_listed_and_found)
{
	ck_assert_str_eq(sa_report_format_name(0), "text");
	ck_assert_str_eq(sa_report_format_name(1), "json");
	ck_assert_str_eq(sa_report_format_name(8), "svrl");
	ck_assert_str_eq(sa_report_format_name(9), "xlsx");
	ck_assert_str_eq(sa_report_format_name(10), "codequality");
	ck_assert_ptr_null(sa_report_format_name(11));
	ck_assert_ptr_eq(sai_report_find("text"), &sai_report_text);
	ck_assert_ptr_eq(sai_report_find("json"), &sai_report_json);
	ck_assert_ptr_null(sai_report_find("JSON"));
	ck_assert_ptr_null(sai_report_find(""));
	ck_assert_ptr_null(sai_report_find(NULL));
}
END_TEST

static char *json_string(const char *s)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	sai_strbuf sb;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(sai_json_write_string(f, s), 0);
	ck_assert_int_eq(fclose(f), 0);
	/* The buffer writer (the JSON report's) gives the same bytes. */
	sai_strbuf_init(&sb);
	ck_assert_int_eq(sai_json_add_string(&sb, s), 0);
	ck_assert_str_eq(sai_strbuf_str(&sb), buf);
	sai_strbuf_release(&sb);
	return buf;
}

#define ASSERT_JSON_STRING(in, out)                                        \
	do {                                                               \
		char *got_ = json_string(in);                              \
		ck_assert_str_eq(got_, out);                               \
		free(got_);                                                \
	} while (0)

START_TEST(json_strings_escape_what_rfc8259_asks)
{
	ASSERT_JSON_STRING(NULL, "null");
	ASSERT_JSON_STRING("", "\"\"");
	ASSERT_JSON_STRING("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	ASSERT_JSON_STRING("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	ASSERT_JSON_STRING("\x01\x1f\x7f\033",
			   "\"\\u0001\\u001f\\u007f\\u001b\"");
	/* Text that would close or comment an HTML script element. */
	ASSERT_JSON_STRING("</script><!-- a<b",
			   "\"\\u003c/script>\\u003c!-- a<b\"");
	/* U+2028 and U+2029 end lines in older JavaScript. */
	ASSERT_JSON_STRING("a\xe2\x80\xa8" "b\xe2\x80\xa9",
			   "\"a\\u2028b\\u2029\"");
}
END_TEST

START_TEST(json_strings_keep_utf8_and_replace_bad_bytes)
{
	ASSERT_JSON_STRING("十堰市社工站 ✓ \xf0\x9f\x98\x80",
			   "\"十堰市社工站 ✓ \xf0\x9f\x98\x80\"");
	/* Every byte that is not part of a valid sequence: one U+FFFD. */
	ASSERT_JSON_STRING("a\xff" "b", "\"a\xef\xbf\xbd" "b\"");
	ASSERT_JSON_STRING("\xe4\xb8", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	ASSERT_JSON_STRING("\xe4\xb8" "x", "\"\xef\xbf\xbd\xef\xbf\xbdx\"");
	ASSERT_JSON_STRING("\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	ASSERT_JSON_STRING("\xed\xa0\x80",
			   "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	ASSERT_JSON_STRING("\xf4\x90\x80\x80" "z",
			   "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			   "z\"");
	ASSERT_JSON_STRING("\x80\xe5\x8d\x81",
			   "\"\xef\xbf\xbd\xe5\x8d\x81\"");
}
END_TEST

static char *clean(const char *in)
{
	sai_strbuf sb;

	sai_strbuf_init(&sb);
	sai_report_add_clean(&sb, in);
	return sai_strbuf_detach(&sb, NULL);
}

#define ASSERT_CLEAN(in, out)                                              \
	do {                                                               \
		char *got_ = clean(in);                                    \
		ck_assert_str_eq(got_, out);                               \
		free(got_);                                                \
	} while (0)

/* The one cleaner of every XML report (JUnit, SVRL, XLSX) keeps what
 * XML 1.0 allows and replaces every other character with U+FFFD. */
START_TEST(clean_text_holds_only_xml_characters)
{
	ASSERT_CLEAN("十堰 \t\n\r ✓ \xf0\x9f\x98\x80 \xef\xbf\xbd",
		     "十堰 \t\n\r ✓ \xf0\x9f\x98\x80 \xef\xbf\xbd");
	/* XML's last characters before the non-characters stay. */
	ASSERT_CLEAN("\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbc",
		     "\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbc");
	/* U+FFFE and U+FFFF: legal JSON (\ufffe), no XML character. */
	ASSERT_CLEAN("\xef\xbf\xbe\xef\xbf\xbf",
		     "\xef\xbf\xbd\xef\xbf\xbd");
	ASSERT_CLEAN("a\x01" "b\x1f" "c\x7f", "a\xef\xbf\xbd" "b\xef\xbf\xbd"
		     "c\xef\xbf\xbd");
	/* Surrogates and bytes outside a sequence: one U+FFFD a byte. */
	ASSERT_CLEAN("\xed\xa0\x80",
		     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ASSERT_CLEAN("\xff", "\xef\xbf\xbd");
}
END_TEST

START_TEST(numbers_format_one_way)
{
	static const struct { double v; const char *text; } cases[] = {
		{ 0, "0" }, { -0.0, "0" }, { 7, "7" }, { -12, "-12" },
		{ 86.5, "86.5" }, { 0.125, "0.125" }, { 1.0 / 3, "0.333333" },
		{ 123456789012345.0, "123456789012345" }, { 1e15, "1000000000000000" },
		{ -2.5, "-2.5" },
	};
	char buf[64], digits[24];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sai_format_number(cases[i].v, buf, sizeof(buf));
		ck_assert_str_eq(buf, cases[i].text);
	}
	ck_assert_uint_eq(sai_format_uint(0, digits), 1);
	ck_assert_str_eq(digits, "0");
	ck_assert_uint_eq(sai_format_uint(18446744073709551615ull, digits), 20);
	ck_assert_str_eq(digits, "18446744073709551615");
}
END_TEST

/* What sai_format_number must print for a non-integer: printf's "%.6f"
 * without trailing zeros (its own fast path is checked against this). */
static void printf_number(double v, char *buf, size_t size)
{
	char *e;

	snprintf(buf, size, "%.6f", v);
	e = buf + strlen(buf) - 1;
	while (e > buf && *e == '0')
		*e-- = '\0';
	if (e > buf && *e == '.')
		*e = '\0';
}

static void assert_as_printf(double v)
{
	char got[64], want[64];

	if (v == floor(v))
		return;
	sai_format_number(v, got, sizeof(got));
	printf_number(v, want, sizeof(want));
	if (strcmp(got, want))  /* Check's own would log each of 600,000 */
		ck_abort_msg("%.17g: %s, printf %s", v, got, want);
}

START_TEST(numbers_round_as_printf)
{
	unsigned long long x = 88172645463325252ull;
	double scale[] = { 1, 100, 1e4, 1e6, 2e6, 1e-6 };
	long k;
	int i, m;

	/* exact ties at the seventh decimal (printf: to even), and just
	 * beside them */
	for (k = 0; k < 64; k++) {
		assert_as_printf((2.0 * (double)k + 1) * 15625 / 2e6);
		assert_as_printf(nextafter((2.0 * (double)k + 1) * 15625 / 2e6,
					   0));
		assert_as_printf(nextafter((2.0 * (double)k + 1) * 15625 / 2e6,
					   1));
	}
	for (m = 1; m < 40; m++) {
		assert_as_printf(ldexp(1, -m));
		assert_as_printf(-ldexp(3, -m));
	}
	/* scores and rates as reports round them, and anything else */
	for (k = 0; k < 100000; k++) {
		assert_as_printf(floor((double)k / 997 * 100 + 0.5) / 100);
		assert_as_printf((double)k / 10000 + 1e-7);
	}
	for (i = 0; i < 200000; i++) {
		double u;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		u = (double)(x >> 11) / 9007199254740992.0;
		assert_as_printf((i % 2 ? -u : u) * scale[i % 6]);
	}
	assert_as_printf(999999.9999996);
	assert_as_printf(999999.9999994);
	assert_as_printf(-0.0000001);
	assert_as_printf(0.0000005);
	assert_as_printf(0.0000015);
}
END_TEST

START_TEST(words_are_chinese_by_default)
{
	ck_assert_str_eq(sai_report_word("pass", "zh"), "通过");
	ck_assert_str_eq(sai_report_word("fail", NULL), "不通过");
	ck_assert_str_eq(sai_report_word("not_applicable", "zh"), "不适用");
	ck_assert_str_eq(sai_report_word("not applicable", "en"),
			 "not applicable");
	ck_assert_str_eq(sai_report_word("not_applicable", "en"),
			 "not applicable");
	ck_assert_str_eq(sai_report_word("error", "zh"), "错误");
	ck_assert_str_eq(sai_report_word("waived", "zh"), "已豁免");
	ck_assert_str_eq(sai_report_word("critical", "zh"), "严重");
	ck_assert_str_eq(sai_report_word("major", "zh"), "重要");
	ck_assert_str_eq(sai_report_word("minor", "zh"), "一般");
	ck_assert_str_eq(sai_report_word("info", "zh"), "提示");
	ck_assert_str_eq(sai_report_word("records", "zh"), "记录");
	ck_assert_str_eq(sai_report_word("files", "zh"), "文件");
	ck_assert_str_eq(sai_report_word("score", "zh"), "得分");
	ck_assert_str_eq(sai_report_word("grade", "zh"), "等级");
	ck_assert_str_eq(sai_report_word("critical", "en"), "critical");
	ck_assert_str_eq(sai_report_word("no such word", "zh"),
			 "no such word");
	ck_assert_str_eq(sai_report_word(NULL, "zh"), "");
}
END_TEST

START_TEST(message_falls_back_to_the_rule)
{
	sa_finding f = PASS(rule_staff, SA_SEVERITY_CRITICAL, "a.yaml");

	ck_assert_str_eq(sai_report_message(&f, "zh"), "专职社工不少于 3 人");
	ck_assert_str_eq(sai_report_message(&f, "en"),
			 "At least 3 social workers");
	f.message = "只有 2 人";
	ck_assert_str_eq(sai_report_message(&f, "en"), "只有 2 人");
	ck_assert_str_eq(sai_report_message(&f, "zh"), "只有 2 人");
	f.message = NULL;
	f.rule = NULL;
	ck_assert_str_eq(sai_report_message(&f, "zh"), "");
	ck_assert_str_eq(sai_report_message(NULL, "zh"), "");
}
END_TEST

/* ---- the JSON report ----------------------------------------------------- */

START_TEST(json_report_parses_back)
{
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	jval root;
	size_t len;
	char *out;

	make_fixture(&fx);
	out = run_writer("json", &o, &fx, 5, &len);
	ck_assert_uint_eq(strlen(out), len);
	ck_assert_int_eq(j_parse(out, len, &root), 0);
	ck_assert_str_eq(j_str(&root, "schema"), "stationaudit-report");
	ck_assert(j_num(&root, "version") == 1);
	ck_assert_str_eq(j_str(&root, "tool.name"), "stationaudit");
	ck_assert_str_eq(j_str(&root, "tool.version"), "0.1.0");
	ck_assert(j_is_null(&root, "audit_date"));
	ck_assert_str_eq(j_str(&root, "lang"), "zh");
	ck_assert_uint_eq(j_len(&root, "standards"), 0);
	ck_assert_uint_eq(j_len(&root, "params"), 0);
	ck_assert_uint_eq(j_len(&root, "rules"), 0);
	ck_assert_uint_eq(j_len(&root, "records"), 5);
	ck_assert_uint_eq(j_len(&root, "inputs"), 3);
	ck_assert_str_eq(j_str(&root, "inputs.1.sha256"), DIGEST_B);
	ck_assert(j_is_null(&root, "inputs.2.sha256"));
	ck_assert(j_num(&root, "summary.files") == 3);
	ck_assert(j_num(&root, "summary.records") == 4);
	ck_assert(j_num(&root, "summary.unreadable") == 1);
	ck_assert(j_num(&root, "summary.records_failing") == 3);
	ck_assert(j_num(&root, "summary.findings.fail") == 4);
	ck_assert(j_num(&root, "summary.findings.error") == 1);
	ck_assert(j_num(&root, "summary.failures_by_severity.critical") == 1);
	ck_assert_uint_eq(j_len(&root, "rule_summary"), 4);
	ck_assert_str_eq(j_str(&root, "rule_summary.0.rule"), "SY-STAFF");
	ck_assert(j_num(&root, "rule_summary.0.pass") == 2);
	ck_assert(j_num(&root, "rule_summary.0.fail") == 1);
	j_free(&root);
	free(out);
}
END_TEST

START_TEST(json_records_carry_every_field)
{
	sa_run_options o = options("en", 1, 1);
	fixture fx;
	jval root;
	size_t len;
	char *out;

	make_fixture(&fx);
	out = run_writer("json", &o, &fx, 5, &len);
	ck_assert_int_eq(j_parse(out, len, &root), 0);
	ck_assert_str_eq(j_str(&root, "lang"), "en");
	/* A quiet finding's text is made once per rule, status and
	 * severity and reused: the same rule as not applicable, failing,
	 * then passing keeps each its own. */
	ck_assert_str_eq(j_str(&root, "records.0.findings.2.rule"), "SY-AREA");
	ck_assert_str_eq(j_str(&root, "records.0.findings.2.status"),
			 "not_applicable");
	ck_assert_str_eq(j_str(&root, "records.1.findings.0.status"), "fail");
	ck_assert_str_eq(j_str(&root, "records.2.findings.2.rule"), "SY-AREA");
	ck_assert_str_eq(j_str(&root, "records.2.findings.2.status"), "pass");
	ck_assert_str_eq(j_str(&root, "records.2.findings.2.severity"), "minor");
	ck_assert_str_eq(j_str(&root, "records.2.findings.0.severity"),
			 "critical");
	ck_assert(j_num(&root, "records.0.seq") == 0);
	ck_assert_str_eq(j_str(&root, "records.0.file"), "a.yaml");
	ck_assert(j_num(&root, "records.0.line") == 1);
	ck_assert_str_eq(j_str(&root, "records.0.id"), "ZS-001");
	ck_assert_str_eq(j_str(&root, "records.0.name"), "张湾区社工站");
	ck_assert_str_eq(j_str(&root, "records.0.region"), "420302");
	ck_assert(j_at(&root, "records.0.load_error")->type == J_BOOL);
	ck_assert(j_num(&root, "records.1.score") == 12.5);
	ck_assert_str_eq(j_str(&root, "records.1.grade"), "D");
	ck_assert(j_num(&root, "records.0.counts.pass") == 1);
	ck_assert(j_num(&root, "records.0.counts.not_applicable") == 1);
	ck_assert_str_eq(j_str(&root, "records.0.findings.1.rule"), "SY-PHONE");
	ck_assert_str_eq(j_str(&root, "records.0.findings.1.status"), "fail");
	ck_assert_str_eq(j_str(&root, "records.0.findings.1.severity"),
			 "major");
	ck_assert(j_num(&root, "records.0.findings.1.line") == 8);
	ck_assert(j_num(&root, "records.0.findings.1.column") == 5);
	ck_assert_str_eq(j_str(&root, "records.0.findings.1.path"),
			 "/station/x");
	ck_assert_str_eq(j_str(&root, "records.0.findings.1.actual"), "123");
	ck_assert_str_eq(j_str(&root, "records.0.findings.1.expected"),
			 "11 位手机号");
	/* Passes and not-applicable findings without a message carry only
	 * rule, status and severity: their place is the record's. */
	ck_assert_uint_eq(j_at(&root, "records.0.findings.0")->n, 3);
	ck_assert_str_eq(j_str(&root, "records.0.findings.0.severity"),
			 "critical");
	ck_assert_uint_eq(j_at(&root, "records.0.findings.2")->n, 3);
	ck_assert_ptr_null(j_at(&root, "records.0.findings.0.message"));
	/* The unreadable record. */
	ck_assert(j_at(&root, "records.4.load_error")->b == 1);
	ck_assert(j_is_null(&root, "records.4.id"));
	ck_assert(j_is_null(&root, "records.4.score"));
	ck_assert(j_is_null(&root, "records.4.grade"));
	ck_assert(j_is_null(&root, "records.4.findings.0.rule"));
	ck_assert_str_eq(j_str(&root, "records.4.findings.0.status"), "error");
	ck_assert(j_num(&root, "records.4.findings.0.column") == 7);
	j_free(&root);
	free(out);
}
END_TEST

START_TEST(json_text_from_dossiers_round_trips)
{
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	jval root;
	size_t len;
	char *out;

	make_fixture(&fx);
	out = run_writer("json", &o, &fx, 5, &len);
	/* Escaped on the wire ... */
	ck_assert_ptr_null(strstr(out, "</script>"));
	ck_assert_ptr_null(strstr(out, "\033"));
	ck_assert_ptr_nonnull(strstr(out, "\\u003c/script>"));
	ck_assert(sai_utf8_valid(out, len));
	/* ... and the same text once parsed, bad bytes replaced. */
	ck_assert_int_eq(j_parse(out, len, &root), 0);
	ck_assert_str_eq(j_str(&root, "records.3.id"), "B\"1");
	ck_assert_str_eq(j_str(&root, "records.3.findings.0.message"),
			 "quote \" backslash \\ newline\n tab\t esc \033[31m "
			 "</script> bad \xef\xbf\xbd\xef\xbf\xbd end");
	ck_assert_str_eq(j_str(&root, "records.3.findings.0.expected"),
			 "\x01");
	ck_assert(j_is_null(&root, "records.3.findings.0.actual"));
	ck_assert_str_eq(j_str(&root, "records.3.findings.1.status"),
			 "waived");
	j_free(&root);
	free(out);
}
END_TEST

START_TEST(json_keys_in_fixed_order)
{
	static const char *const top[] = {
		"schema", "version", "tool", "audit_date", "lang", "standards",
		"params", "rules", "records", "inputs", "waiver_ledgers",
		"summary", "rule_summary", "ranks", "rollups",
	};
	static const char *const rec[] = {
		"seq", "file", "line", "column", "id", "name", "region",
		"load_error", "score", "grade", "score_without_waivers",
		"grade_without_waivers", "vetoed", "verdict", "collection",
		"counts", "score_explanation", "findings",
	};
	static const char *const fin[] = {
		"rule", "status", "severity", "file", "line", "column", "path",
		"message", "actual", "expected",
	};
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	jval root;
	size_t len, i;
	char *out;

	make_fixture(&fx);
	out = run_writer("json", &o, &fx, 5, &len);
	ck_assert_int_eq(j_parse(out, len, &root), 0);
	ck_assert_uint_eq(root.n, 15);
	for (i = 0; i < 15; i++)
		ck_assert_str_eq(root.keys[i], top[i]);
	ck_assert_uint_eq(j_at(&root, "records.0")->n, 18);
	for (i = 0; i < 18; i++)
		ck_assert_str_eq(j_at(&root, "records.0")->keys[i], rec[i]);
	/* A problem has every key; a pass only the first three. */
	ck_assert_uint_eq(j_at(&root, "records.0.findings.1")->n, 10);
	for (i = 0; i < 10; i++)
		ck_assert_str_eq(j_at(&root, "records.0.findings.1")->keys[i],
				 fin[i]);
	ck_assert_uint_eq(j_at(&root, "records.0.findings.0")->n, 3);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(j_at(&root, "records.0.findings.0")->keys[i],
				 fin[i]);
	/* Two-space indentation, one finding per line. */
	ck_assert(!strncmp(out, "{\n  \"schema\": \"stationaudit-report\",\n"
			   "  \"version\": 1,\n  \"tool\": {\"name\": "
			   "\"stationaudit\", \"version\": \"0.1.0\"},\n",
			   100));
	ck_assert_ptr_nonnull(strstr(out, "\n      \"findings\": [\n        "
				     "{\"rule\": \"SY-STAFF\", \"status\": "
				     "\"pass\""));
	j_free(&root);
	free(out);
}
END_TEST

START_TEST(json_is_deterministic)
{
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	size_t len1, len2;
	char *a, *b;

	make_fixture(&fx);
	a = run_writer("json", &o, &fx, 5, &len1);
	b = run_writer("json", &o, &fx, 5, &len2);
	ck_assert_uint_eq(len1, len2);
	ck_assert(memcmp(a, b, len1) == 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(json_empty_run)
{
	static const char expected[] =
		"{\n"
		"  \"schema\": \"stationaudit-report\",\n"
		"  \"version\": 1,\n"
		"  \"tool\": {\"name\": \"stationaudit\", "
		"\"version\": \"0.1.0\"},\n"
		"  \"audit_date\": null,\n"
		"  \"lang\": \"zh\",\n"
		"  \"standards\": [],\n"
		"  \"params\": [],\n"
		"  \"rules\": [],\n"
		"  \"records\": [],\n"
		"  \"inputs\": [\n"
		"    {\"path\": \"a.yaml\", \"sha256\": \"" DIGEST_A "\"},\n"
		"    {\"path\": \"b.yaml\", \"sha256\": \"" DIGEST_B "\"},\n"
		"    {\"path\": \"c.yaml\", \"sha256\": null}\n"
		"  ],\n"
		"  \"waiver_ledgers\": [],\n"
		"  \"summary\": {\n"
		"    \"files\": 0,\n"
		"    \"records\": 0,\n"
		"    \"unreadable\": 0,\n"
		"    \"records_failing\": 0,\n"
		"    \"not_assessed\": 0,\n"
		"    \"verdicts\": {\"rule\": \"grade\", \"fail_on\": "
		"\"major\", \"pass\": 0, "
		"\"fail\": 0, \"not_assessed\": 0, \"unreadable\": 0, "
		"\"pass_rate\": null},\n"
		"    \"coverage_not_judged\": 0,\n"
		"    \"findings\": {\"pass\": 0, \"fail\": 0, "
		"\"not_applicable\": 0, \"error\": 0, \"waived\": 0},\n"
		"    \"failures_by_severity\": {\"critical\": 0, \"major\": 0, "
		"\"minor\": 0, \"info\": 0}\n"
		"  },\n"
		"  \"rule_summary\": [],\n"
		"  \"ranks\": [],\n"
		"  \"rollups\": {\n"
		"    \"province\": [],\n"
		"    \"city\": [],\n"
		"    \"county\": [],\n"
		"    \"township\": []\n"
		"  }\n"
		"}\n";
	fixture fx;
	char *out;

	memset(&fx, 0, sizeof(fx));
	/* No options at all: the defaults (Chinese, no colour). */
	out = run_writer("json", NULL, &fx, 0, NULL);
	ck_assert_str_eq(out, expected);
	free(out);
}
END_TEST

/* A run that judged no coverage says so once: the text report's last
 * line (in the run's language) and the JSON summary's count. */
/* An ungraded record (a score, no grade) gets its verdict by --fail-on:
 * the run's verdict_at, major by default. */
START_TEST(ungraded_verdict_follows_fail_on)
{
	sa_record_result rr;

	memset(&rr, 0, sizeof(rr));
	rr.record_id = "r";
	rr.score = 80;
	rr.fail_by_severity[SA_SEVERITY_MINOR] = 1;
	ck_assert_int_eq(sai_report_verdict(&rr), SAI_VERDICT_PASS);
	rr.verdict_at = 1 + SA_SEVERITY_MINOR;       /* --fail-on minor */
	ck_assert_int_eq(sai_report_verdict(&rr), SAI_VERDICT_FAIL);
	rr.verdict_at = 1 + SA_SEVERITY_CRITICAL;
	rr.fail_by_severity[SA_SEVERITY_MAJOR] = 1;
	ck_assert_int_eq(sai_report_verdict(&rr), SAI_VERDICT_PASS);
	rr.verdict_at = -1;                          /* --fail-on none */
	rr.fail_by_severity[SA_SEVERITY_CRITICAL] = 1;
	ck_assert_int_eq(sai_report_verdict(&rr), SAI_VERDICT_PASS);
	rr.verdict_at = 0;
	ck_assert_int_eq(sai_report_verdict(&rr), SAI_VERDICT_FAIL);
	/* a graded record follows its grade, whatever --fail-on says */
	rr.grade = "pass";
	ck_assert_int_eq(sai_report_verdict(&rr), SAI_VERDICT_PASS);
	ck_assert_ptr_nonnull(strstr(sai_report_verdict_rule("en"),
				     "--fail-on"));
}
END_TEST

START_TEST(coverage_not_judged_shown)
{
	sa_run_options zh = options("zh", 0, 0), en = options("en", 0, 0);
	fixture fx;
	char *out;

	memset(&fx, 0, sizeof(fx));
	fx.sum.coverage_unjudged = 2;
	out = run_writer("text", &zh, &fx, 0, NULL);
	ck_assert_ptr_nonnull(strstr(out, "\n全覆盖未判定：本次运行未指定区域 "
				     "(--region 区划代码)\n"));
	free(out);
	out = run_writer("text", &en, &fx, 0, NULL);
	ck_assert_ptr_nonnull(strstr(out, "\nCoverage not judged: the run "
				     "names no region (--region CODE)\n"));
	free(out);
	out = run_writer("json", NULL, &fx, 0, NULL);
	ck_assert_ptr_nonnull(strstr(out, "\"coverage_not_judged\": 2,"));
	free(out);
	fx.sum.coverage_unjudged = 0;
	out = run_writer("text", &zh, &fx, 0, NULL);
	ck_assert_ptr_null(strstr(out, "全覆盖未判定"));
	free(out);
}
END_TEST

/* ---- the text report ----------------------------------------------------- */

START_TEST(text_exact_small_report)
{
	static const char expected[] =
		"a.yaml:1  ZS-001  张湾区社工站  得分 75  等级 B\n"
		"  a.yaml:8:5  重要  SY-PHONE  电话号码格式不正确\n"
		"      实际: 123；应为: 11 位手机号\n"
		"\n"
		"文件 3，记录 4，合格 1，不合格 0，无法读取 1，有不通过项的记录 3；"
		"检查结果：不通过 4，"
		"错误 1，已豁免 1，通过 5，不适用 1；不通过按严重程度：严重 1，"
		"重要 1，一般 1，提示 1\n";
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &o, &fx, 1, NULL);
	ck_assert_str_eq(out, expected);
	free(out);
}
END_TEST

/* The offset of needle in hay, failing the test when absent. */
static size_t pos(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	ck_assert_msg(p != NULL, "'%s' not in the report:\n%s", needle, hay);
	return (size_t)(p - hay);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

START_TEST(text_groups_by_file_worst_first)
{
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &o, &fx, 5, NULL);
	/* Files in input order; in a.yaml the critical failure first. */
	ck_assert_uint_lt(pos(out, "a.yaml:40  ZS-002"),
			  pos(out, "a.yaml:1  ZS-001"));
	ck_assert_uint_lt(pos(out, "a.yaml:1  ZS-001"),
			  pos(out, "b.yaml:1  B\"1"));
	ck_assert_uint_lt(pos(out, "b.yaml:1"), pos(out, "c.yaml:4:7"));
	/* Within a record: critical before minor. */
	ck_assert_uint_lt(pos(out, "  a.yaml:22:5  严重  SY-STAFF  专职社工"),
			  pos(out, "  a.yaml:30:5  一般  SY-AREA  场地面积"));
	/* A blank line between files. */
	pos(out, "应为: 11 位手机号\n\nb.yaml:1");
	/* Clean records and passes only with -v (ZS-003 is only in the
	 * ranks after the summary); waivers always. */
	ck_assert_uint_gt(pos(out, "ZS-003"), pos(out, "文件 3，"));
	ck_assert_ptr_null(strstr(out, "通过  SY-"));
	ck_assert_ptr_null(strstr(out, "✓"));
	pos(out, "  b.yaml:4:5  已豁免  SY-PHONE  豁免：新站");
	/* The unreadable file: message at file:line:col and the line. */
	pos(out, "c.yaml:4:7  错误  mapping values are not allowed here\n"
		 "      name: a: b\n");
	free(out);
}
END_TEST

/* After the summary line, the ranks of the run (all four scored
 * stations: at most 20 are listed whole); one county, so no county
 * section. */
START_TEST(text_ranks_after_summary)
{
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &o, &fx, 5, NULL);
	pos(out, "\n排名（同分同名次）：4 个已评分站点\n"
		 "   1     100  ZS-003\n"
		 "   2      80  B\"1\n"
		 "   3      75  ZS-001 张湾区社工站 (420302)\n"
		 "   4    12.5  ZS-002 茅箭区社工站\n");
	ck_assert_uint_gt(pos(out, "排名"), pos(out, "文件 3，"));
	ck_assert_ptr_null(strstr(out, "县内排名"));
	free(out);
}
END_TEST

/* 25 stations in three counties, ties shared (1, 1, 3): the best and
 * the last 10 of the run with the count left out, then the best and last
 * 3 of each county of two or more with their own ranks; in English with
 * --lang en. */
START_TEST(text_ranks_run_and_counties)
{
	static char ids[25][8], regions[25][10];
	sa_run_options o = options("en", 0, 0);
	const sai_report_writer *w = sai_report_find("text");
	sa_record_result recs[25];
	sai_report_context ctx;
	sa_summary sum;
	char *out = NULL;
	size_t size = 0, i;
	void *state = NULL;

	memset(&ctx, 0, sizeof(ctx));
	memset(&sum, 0, sizeof(sum));
	ctx.out = open_memstream(&out, &size);
	ctx.opts = &o;
	ck_assert_int_eq(w->begin(&state, &ctx), 0);
	for (i = 0; i < 25; i++) {
		snprintf(ids[i], sizeof(ids[i]), "S%02zu", i);
		/* S00-S11 in 420302, S24 alone in 420304, the others in
		 * 420303 */
		snprintf(regions[i], sizeof(regions[i]), "%s%03zu",
			 i < 12 ? "420302" : i == 24 ? "420304" : "420303",
			 i + 1);
		/* S00 and S01 share 99; then 90, 89 ... */
		set_record(&recs[i], i, "all.yaml", i + 1, ids[i], NULL, 0,
			   i < 2 ? 99 : 92 - (double)i);
		recs[i].region = regions[i];
		ck_assert_int_eq(w->record(state, &ctx, &recs[i]), 0);
	}
	sum.files = 1;
	sum.records = 25;
	ck_assert_int_eq(w->end(state, &ctx, &sum, NULL, 0), 0);
	w->free(state);
	ck_assert_int_eq(fclose(ctx.out), 0);
	pos(out, "\nRanks (equal scores share a rank): the best and the "
		 "last 10 of 25 scored stations\n"
		 "   1      99  S00 (420302001)\n"
		 "   1      99  S01 (420302002)\n"
		 "   3      90  S02 (420302003)\n");
	pos(out, "  10      83  S09 (420302010)\n"
		 "  ... (5 more)\n"
		 "  16      77  S15 (420303016)\n");
	pos(out, "  25      68  S24 (420304025)\n");
	pos(out, "\nRanks within each county of two or more scored "
		 "stations: the best and the last 3\n"
		 "  420302 (12 scored)\n"
		 "     1      99  S00 (420302001)\n");
	pos(out, "    12      81  S11 (420302012)\n"
		 "  420303 (12 scored)\n"
		 "     1      80  S12 (420303013)\n");
	ck_assert_uint_eq(count(out, "  ... (6 more)\n"), 2);
	/* A county of one scored station has nothing to rank. */
	ck_assert_ptr_null(strstr(out, "  420304 ("));
	free(out);
}
END_TEST

/* A run of 10,000 stations (more than fit one of the rollup's pieces):
 * each is found in run order, ranked 1 + the stations scored above it
 * (over the run and in its county), and every county sums its own. */
START_TEST(rollup_ranks_many_stations)
{
	enum { N = 10000, COUNTIES = 5, SCORES = 101 };
	static char regions[N][10];
	static sa_record_result rr;
	size_t above[SCORES + 1] = { 0 }, in_county[COUNTIES][SCORES + 1];
	sai_rollup *r = sai_rollup_new(NULL);
	const sai_rollup_group *g;
	size_t i, k;

	ck_assert_ptr_nonnull(r);
	memset(in_county, 0, sizeof(in_county));
	for (i = 0; i < N; i++) {
		size_t score = (i * 7919) % SCORES, c = i % COUNTIES;

		snprintf(regions[i], sizeof(regions[i]), "42030%zu%03zu", c,
			 i % 1000);
		set_record(&rr, i, "all.yaml", i + 1, "S", NULL, 0,
			   (double)score);
		rr.region = regions[i];
		ck_assert_int_eq(sai_rollup_add(r, &rr, &k), 0);
		ck_assert_uint_eq(k, i);
		above[score]++;
		in_county[c][score]++;
	}
	/* above[s]: stations scored above s; likewise per county */
	for (k = SCORES; k-- > 0;) {
		above[k] += above[k + 1];
		for (i = 0; i < COUNTIES; i++)
			in_county[i][k] += in_county[i][k + 1];
	}
	ck_assert_int_eq(sai_rollup_finish(r), 0);
	ck_assert_uint_eq(sai_rollup_station_count(r), N);
	ck_assert_ptr_null(sai_rollup_station_at(r, N));
	for (i = 0; i < N; i++) {
		const sai_rollup_station *s = sai_rollup_station_at(r, i);
		size_t score = (i * 7919) % SCORES, c = i % COUNTIES;

		ck_assert_uint_eq(s->seq, i);
		ck_assert_str_eq(s->region, regions[i]);
		ck_assert_uint_eq(s->rank, above[score + 1] + 1);
		ck_assert_uint_eq(s->county_rank, in_county[c][score + 1] + 1);
	}
	ck_assert_uint_eq(sai_rollup_group_count(r, SAI_ROLLUP_COUNTY),
			  COUNTIES);
	for (i = 0; i < COUNTIES; i++) {
		g = sai_rollup_group_at(r, SAI_ROLLUP_COUNTY, i);
		ck_assert_uint_eq(g->stations, N / COUNTIES);
		ck_assert_uint_eq(g->scored, N / COUNTIES);
	}
	sai_rollup_free(r);
}
END_TEST

START_TEST(text_ties_break_on_score_then_input_order)
{
	static const sa_finding minor[] = {
		FINDING(rule_area, SA_FINDING_FAIL, SA_SEVERITY_MINOR,
			"d.yaml", 2, "m", NULL, NULL),
	};
	sa_run_options o = options("en", 0, 0);
	fixture fx;
	char *out;

	memset(&fx, 0, sizeof(fx));
	set_record(&fx.recs[0], 0, "d.yaml", 1, "D1", minor, 1, 90);
	set_record(&fx.recs[1], 1, "d.yaml", 2, "D2", minor, 1, 60);
	set_record(&fx.recs[2], 2, "d.yaml", 3, "D3", minor, 1, 90);
	set_record(&fx.recs[3], 3, "d.yaml", 4, "D4", minor, 1, -1);
	out = run_writer("text", &o, &fx, 4, NULL);
	ck_assert_uint_lt(pos(out, "  D2  score 60"),
			  pos(out, "  D1  score 90"));
	ck_assert_uint_lt(pos(out, "  D1  score 90"),
			  pos(out, "  D3  score 90"));
	ck_assert_uint_lt(pos(out, "  D3  score 90"),
			  pos(out, "d.yaml:4  D4\n"));
	free(out);
}
END_TEST

START_TEST(text_verbose_lists_passes)
{
	sa_run_options o = options("zh", 0, 1);
	fixture fx;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &o, &fx, 5, NULL);
	pos(out, "a.yaml:80  ZS-003  得分 100  等级 A\n"
		 "  ✓ 全部 3 条规则通过\n");
	pos(out, "  a.yaml  通过  SY-STAFF  专职社工不少于 3 人\n");
	pos(out, "  a.yaml  不适用  SY-AREA  场地面积\n");
	/* Failing records have no "all pass" line. */
	ck_assert_uint_eq(count(out, "✓"), 1);
	free(out);
}
END_TEST

START_TEST(text_in_english)
{
	sa_run_options o = options("en", 0, 1);
	fixture fx;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &o, &fx, 5, NULL);
	pos(out, "a.yaml:40  ZS-002  茅箭区社工站  score 12.5  grade D\n");
	pos(out, "  a.yaml:22:5  critical  SY-STAFF  专职社工只有 2 人\n"
		 "      actual: 2; expected: ≥ 3\n");
	pos(out, "  ✓ all 3 rules pass\n");
	pos(out, "c.yaml:4:7  error  mapping values");
	pos(out, "3 files, 4 records, 4 passed, 0 failed, 1 unreadable, "
		 "3 with failures; findings: "
		 "4 fail, 1 error, 1 waived, 5 pass, 1 not applicable; "
		 "failures by severity: 1 critical, 1 major, 1 minor, "
		 "1 info\n");
	ck_assert_ptr_null(strstr(out, "严重"));
	ck_assert_ptr_null(strstr(out, "得分"));
	free(out);
}
END_TEST

START_TEST(text_colour_only_when_asked)
{
	sa_run_options plain = options("zh", 0, 1);
	sa_run_options color = options("zh", 1, 1);
	fixture fx;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &plain, &fx, 5, NULL);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
	out = run_writer("text", &color, &fx, 5, NULL);
	pos(out, "\033[1;31m严重\033[0m  SY-STAFF");
	pos(out, "\033[1ma.yaml:40  ZS-002");
	free(out);
	/* Anything but 1 is off. */
	color.color = 2;
	out = run_writer("text", &color, &fx, 5, NULL);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
}
END_TEST

START_TEST(text_cannot_be_driven_by_dossier_text)
{
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	size_t len;
	char *out;

	make_fixture(&fx);
	out = run_writer("text", &o, &fx, 5, &len);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert(sai_utf8_valid(out, len));
	pos(out, "quote \" backslash \\ newline\\n tab\\t esc \\x1b[31m "
		 "</script> bad \xef\xbf\xbd\xef\xbf\xbd end\n"
		 "      应为: \\x01\n");
	free(out);
}
END_TEST

START_TEST(text_shows_c1_and_bidi_controls)
{
	static const sa_finding odd[] = {
		FINDING(rule_area, SA_FINDING_FAIL, SA_SEVERITY_MINOR, "e.yaml",
			2, "a\xc2\x9b" "b\xe2\x80\xae" "c\xe2\x81\xa6"
			"d\xc2\xa0" "e\xe2\x80\x8b" "f\xef\xbb\xbf"
			"g\xd8\x9c" "h\xe2\x81\xa0" "i\xe2\x80\x8f" "j",
			NULL, NULL),
	};
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	char *out;

	memset(&fx, 0, sizeof(fx));
	set_record(&fx.recs[0], 0, "e.yaml", 1, "E1", odd, 1, 50);
	out = run_writer("text", &o, &fx, 1, NULL);
	/* C1, bidirectional and zero-width controls are shown as escapes;
	 * a no-break space (U+00A0) is text. */
	pos(out, "SY-AREA  a\\u009bb\\u202ec\\u2066d\xc2\xa0"
		 "e\\u200bf\\ufeffg\\u061ch\\u2060i\\u200fj\n");
	free(out);
}
END_TEST

/* Blank-looking characters and line separators are escapes too, and no
 * "##[" (a runner's legacy command, read anywhere in a line) reaches the
 * text or the GitHub report whole. */
START_TEST(text_and_github_show_hidden_and_legacy_commands)
{
	static const sa_finding odd[] = {
		FINDING(rule_area, SA_FINDING_FAIL, SA_SEVERITY_MAJOR, "e.yaml",
			2, "a\xc2\xad" "b\xe1\xa0\x8e" "c\xe3\x85\xa4"
			"d\xe2\x80\xa8" "e\xe2\x80\xa9" "f##[add-mask]g",
			NULL, NULL),
	};
	sa_run_options o = options("zh", 0, 0);
	fixture fx;
	char *out;

	memset(&fx, 0, sizeof(fx));
	set_record(&fx.recs[0], 0, "e.yaml", 1, "E1", odd, 1, 50);
	out = run_writer("text", &o, &fx, 1, NULL);
	pos(out, "SY-AREA  a\\u00adb\\u180ec\\u3164d\\u2028e\\u2029"
		 "f##\\x5badd-mask]g\n");
	ck_assert_ptr_null(strstr(out, "##["));
	free(out);
	/* An annotation's message is shown as the text report shows it. */
	out = run_writer("github", &o, &fx, 1, NULL);
	ck_assert_ptr_nonnull(strstr(out, "::E1: a\\u00adb\\u180ec\\u3164d"
				     "\\u2028e\\u2029f##\\x5badd-mask]g\n"));
	ck_assert_ptr_null(strstr(out, "##["));
	free(out);
}
END_TEST

START_TEST(text_is_deterministic)
{
	sa_run_options o = options("zh", 1, 1);
	fixture fx;
	char *a, *b;

	make_fixture(&fx);
	a = run_writer("text", &o, &fx, 5, NULL);
	b = run_writer("text", &o, &fx, 5, NULL);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

/* ---- write failures ------------------------------------------------------ */

/* Runs a writer into /dev/full unbuffered: the first write fails. */
static void assert_write_fails(const char *name)
{
	const sai_report_writer *w = sai_report_find(name);
	sa_run_options o = options("zh", 0, 1);
	sai_report_context ctx;
	void *state = NULL;
	fixture fx;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = fopen("/dev/full", "w");
	if (!ctx.out)
		return; /* not Linux: nothing to prove here */
	setvbuf(ctx.out, NULL, _IONBF, 0);
	ctx.opts = &o;
	make_fixture(&fx);
	rc = w->begin(&state, &ctx);
	if (rc == 0)
		rc = w->record(state, &ctx, &fx.recs[1]);
	if (rc == 0)
		rc = w->end(state, &ctx, &fx.sum, fx.rules, 4);
	ck_assert_int_eq(rc, -1);
	w->free(state);
	fclose(ctx.out);
}

START_TEST(write_errors_are_reported)
{
	FILE *f = fopen("/dev/full", "w");

	assert_write_fails("json");
	assert_write_fails("text");
	if (f) {
		setvbuf(f, NULL, _IONBF, 0);
		ck_assert_int_eq(sai_json_write_string(f, "abc\n"), -1);
		fclose(f);
	}
	/* A NULL state is fine to free. */
	sai_report_text.free(NULL);
	sai_report_json.free(NULL);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("writers");

	tcase_add_test(tc, the_test_parser_is_strict);
	tcase_add_test(tc, writers_are_listed_and_found);
	tcase_add_test(tc, json_strings_escape_what_rfc8259_asks);
	tcase_add_test(tc, json_strings_keep_utf8_and_replace_bad_bytes);
	tcase_add_test(tc, clean_text_holds_only_xml_characters);
	tcase_add_test(tc, numbers_format_one_way);
	tcase_add_test(tc, numbers_round_as_printf);
	tcase_add_test(tc, words_are_chinese_by_default);
	tcase_add_test(tc, message_falls_back_to_the_rule);
	tcase_add_test(tc, json_report_parses_back);
	tcase_add_test(tc, json_records_carry_every_field);
	tcase_add_test(tc, json_text_from_dossiers_round_trips);
	tcase_add_test(tc, json_keys_in_fixed_order);
	tcase_add_test(tc, json_is_deterministic);
	tcase_add_test(tc, json_empty_run);
	tcase_add_test(tc, coverage_not_judged_shown);
	tcase_add_test(tc, ungraded_verdict_follows_fail_on);
	tcase_add_test(tc, text_exact_small_report);
	tcase_add_test(tc, text_groups_by_file_worst_first);
	tcase_add_test(tc, text_ranks_after_summary);
	tcase_add_test(tc, text_ranks_run_and_counties);
	tcase_add_test(tc, rollup_ranks_many_stations);
	tcase_add_test(tc, text_ties_break_on_score_then_input_order);
	tcase_add_test(tc, text_verbose_lists_passes);
	tcase_add_test(tc, text_in_english);
	tcase_add_test(tc, text_colour_only_when_asked);
	tcase_add_test(tc, text_cannot_be_driven_by_dossier_text);
	tcase_add_test(tc, text_shows_c1_and_bidi_controls);
	tcase_add_test(tc, text_and_github_show_hidden_and_legacy_commands);
	tcase_add_test(tc, text_is_deterministic);
	tcase_add_test(tc, write_errors_are_reported);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
