/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-tools.c - `list`, `explain`, `lint` and `convert`.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli-internal.h"
#include "i18n.h"
#include "banned.h"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME of DIR/NAME/pack.yaml, in a static buffer. */
static const char *pack_name(const char *path)
{
	static char buf[256];
	const char *end = strrchr(path, '/'), *start = end;

	while (start && start > path && start[-1] != '/')
		start--;
	snprintf(buf, sizeof(buf), "%.*s", end ? (int)(end - start) : 0,
		 start ? start : "");
	return buf;
}

/* Calls fn for each pack folder (DIR/NAME/pack.yaml) of the search path,
 * in name order; a name found in an earlier folder hides later ones. */
static int each_pack(int (*fn)(const char *path, void *data), void *data)
{
	const char *const *d;
	char *names[1024];
	size_t n = 0, i, j;
	int rc = 0;

	for (d = cli_search_dirs(); *d; d++) {
		DIR *dir = opendir(*d);
		struct dirent *e;

		while (dir && (e = readdir(dir)) && n < 1024) {
			char path[4096];
			struct stat st;
			int dup = 0;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/pack.yaml", *d,
				 e->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			/* A pack name already found in an earlier folder
			 * hides this one, as in the search order. */
			for (j = 0; j < n; j++)
				dup |= !strcmp(pack_name(names[j]),
					       e->d_name);
			if (!dup && (names[n] = malloc(strlen(path) + 1)))
				memcpy(names[n++], path, strlen(path) + 1);
		}
		if (dir)
			closedir(dir);
	}
	qsort(names, n, sizeof(char *), cmp_name);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = fn(names[i], data);
		free(names[i]);
	}
	return rc;
}

static int load_compiled(const char *name, sa_pack **out, int quiet)
{
	sa_pack *p = sa_pack_new();
	sa_error err;

	*out = NULL;
	if (!p)
		return -1;
	sa_error_clear(&err);
	if (cli_add_search_path(p) < 0 ||
	    sa_pack_load(p, name, &err) != SA_OK ||
	    sa_pack_compile(p, &err) != SA_OK) {
		if (!quiet)
			cli_print_error(&err);
		sa_pack_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

/* A pack's text on standard output (cli_write_shown), a new line
 * indented as the field's first. */
static void put_shown(const char *s)
{
	cli_write_shown(stdout, s, "\n           ");
}

static int list_one(const char *path, void *data)
{
	sa_pack *p;
	const sa_standard_info *s;
	size_t i, own = 0;

	(void)data;
	if (load_compiled(path, &p, 0) < 0)
		return 0;
	/* The pack named by path is the first standard loaded; the others
	 * are what it extends. */
	s = sa_pack_standard(p, 0);
	for (i = 0; i < sa_pack_rule_count(p); i++)
		own += !strcmp(sa_pack_rule(p, i)->standard, s->id);
	printf(_("%-10s %3zu rules (%zu with extended)  "), s->id, own,
	       sa_pack_rule_count(p));
	put_shown(s->title);
	putchar('\n');
	if (s->source) {
		printf(_("%-10s source: "), "");
		put_shown(s->source);
		putchar('\n');
	}
	if (s->jurisdiction) {
		printf(_("%-10s jurisdiction: "), "");
		put_shown(s->jurisdiction);
		putchar('\n');
	}
	sa_pack_free(p);
	return 0;
}

static const cli_spec list_spec = { "list", N_(
"usage: stationaudit list [--lang LANG]\n"
"\n"
"Lists the standards in the search path ($STATIONAUDIT_PATH, then the\n"
"installed ones): name, rule counts (own and with what it extends),\n"
"title and source.\n"
"\n"
"      --lang LANG   zh or en; default: the locale's, as check's\n"
"  -h, --help        this help\n"), "", cli_lang_options };

int cli_list(int argc, char **argv)
{
	int first = cli_parse(&list_spec, argc, argv, cli_lang_option,
			      (void *)&list_spec);

	if (first <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (first < argc) {
		cli_usage_error(&list_spec, _("takes no arguments"));
		return EXIT_USAGE;
	}
	each_pack(list_one, NULL);
	return EXIT_CLEAN;
}

typedef struct explain_ctx {
	const char *id;
	int found;
} explain_ctx;

/* label padded to 10 columns, a CJK character (3 bytes of UTF-8)
 * taking two. */
static void print_label(const char *label)
{
	size_t cols = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)label; *p; p++)
		if ((*p & 0xC0) != 0x80)
			cols += *p >= 0xE0 ? 2 : 1;
	fputs(label, stdout);
	for (; cols < 11; cols++)
		putchar(' ');
}

static void print_field(const char *label, const char *v)
{
	if (!v)
		return;
	print_label(label);
	put_shown(v);
	putchar('\n');
}

/* The rule as its pack writes it: every option of its check (min, in,
 * pattern, applies, decided-by, where, ...), from its first line to the
 * next line indented less than its keys (the next rule, or the end of
 * the list); at most 120 lines.  Nothing when the file cannot be read
 * again. */
static void print_rule_source(const sa_rule_info *r)
{
	char *buf = NULL, *line, *next;
	size_t len = 0, indent = 0, shown = 0;
	unsigned long n = 1;
	sa_error err;

	if (!r->file || !r->line || !r->column ||
	    sa_file_read(r->file, _("pack"), 4u * 1024 * 1024, NULL, &buf,
			 &len, &err) != SA_OK)
		return;
	indent = (size_t)r->column - 1;
	for (line = buf; line && shown < 120; line = next, n++) {
		size_t k = 0;

		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (n < r->line)
			continue;
		line[strcspn(line, "\r")] = '\0';
		while (line[k] == ' ')
			k++;
		if (n > r->line && line[k] && line[k] != '#' && k < indent)
			break;
		if (!line[k] && n > r->line)
			continue;
		print_label(shown ? "" : _("as written"));
		/* the first line from the rule's first key (after "- ") */
		put_shown(n == r->line ? line + (indent < strlen(line) ?
						 indent : 0) :
			  line + (k < indent ? k : indent));
		putchar('\n');
		shown++;
	}
	free(buf);
}

/* The rule's basis: its kind in words, the standard's own words, the
 * pack's reason, and the citation (the standard's, or the rule's own). */
static void print_basis(const sa_pack *p, const sa_rule_info *r, int en)
{
	const sa_basis *b = sa_pack_rule_basis(p, r);
	const sa_citation *c = sa_pack_rule_citation(p, r);
	char line[1024];
	size_t i;

	if (b) {
		snprintf(line, sizeof(line), "%s (%s)",
			 sa_basis_kind_name(b->kind, en ? "en" : "zh"),
			 sa_basis_kind_name(b->kind, NULL));
		print_field(_("basis"), line);
		print_field(_("quote"), b->quote);
		print_field(_("reason"), b->reason);
		print_field(_("reason-en"), b->reason_en);
		print_field(_("cite"), b->cite);
		for (i = 0; i < b->param_count; i++) {
			print_label(i ? "" : _("choice"));
			putchar('$');
			put_shown(b->params[i]);
			putchar('\n');
		}
	} else {
		print_field(_("basis"), _("(none given)"));
	}
	if (c) {
		snprintf(line, sizeof(line), "%s. %s%s%s", c->headline,
			 c->publisher, c->date ? ", " : "",
			 c->date ? c->date : "");
		print_field(_("citation"), line);
	}
}

/* Where the rule's standard binds: its jurisdiction, and how to change
 * it (docs/rules.md "jurisdiction"). */
static void print_jurisdiction(const sa_pack *p, const char *std)
{
	char line[512];
	size_t i;

	for (i = 0; i < sa_pack_standard_count(p); i++) {
		const sa_standard_info *s = sa_pack_standard(p, i);

		if (strcmp(s->id, std) || !s->jurisdiction)
			continue;
		snprintf(line, sizeof(line), _("stations whose division code "
			 "starts with %.200s (--param jurisdiction_%.100s= "
			 "changes it)"), s->jurisdiction, s->id);
		print_field(_("binds"), line);
	}
}

static int explain_one(const char *path, void *data)
{
	explain_ctx *e = data;
	const char *lang = cli_lang ? cli_lang : sa_lang_default();
	int en = lang && !strcmp(lang, "en");
	const sa_rule_info *r;
	const char *msg_en;
	sa_pack *p;
	size_t i;
	char w[32];

	if (load_compiled(path, &p, 1) < 0)
		return 0;
	r = sa_pack_find_rule(p, e->id);
	if (!r || e->found) {
		sa_pack_free(p);
		return 0;
	}
	e->found = 1;
	put_shown(r->id);
	fputs("  ", stdout);
	put_shown(r->title);
	putchar('\n');
	print_field(_("title-en"), r->title_en);
	print_field(_("standard"), r->standard);
	print_jurisdiction(p, r->standard);
	print_field(_("severity"), sa_severity_label(r->severity, cli_lang));
	snprintf(w, sizeof(w), "%g", r->weight);
	print_field(_("weight"), w);
	print_field(_("check"), r->kind);
	if (r->collection)
		print_field(_("scope"), _("collection: once over every record "
			    "of the run"));
	print_field(_("test"), r->test);
	print_rule_source(r);
	/* In English, the rule's English message where it has one (a pack
	 * writes no English fix: the fix stays in Chinese). */
	msg_en = en ? sa_pack_rule_message_en(p, r) : NULL;
	print_field(_("message"), msg_en ? msg_en : r->message);
	print_field(_("fix"), r->fix);
	print_field(_("source"), r->source);
	print_basis(p, r, en);
	print_label(_("defined"));
	put_shown(r->file);
	printf(":%lu\n", r->line);
	for (i = 0; i < sa_pack_param_count(p); i++) {
		const sa_param_info *pi = sa_pack_param(p, i);
		char line[4096];

		snprintf(line, sizeof(line), _("$%s = %s (%s, from %s)"),
			 pi->name, pi->value ? pi->value : "", pi->type,
			 pi->standard);
		print_field(i ? "" : _("params"), line);
	}
	sa_pack_free(p);
	return 0;
}

static const cli_spec explain_spec = { "explain", N_(
"usage: stationaudit explain [--lang LANG] RULE-ID\n"
"\n"
"Shows a rule of the standards in the search path: its title, standard,\n"
"severity, weight, check, the rule as its pack writes it, message, fix,\n"
"source, basis, where it is defined and the parameters of its standard.\n"
"Exit status 2 when no standard has it.\n"
"\n"
"      --lang LANG   zh or en; default: the locale's, as check's\n"
"  -h, --help        this help\n"), "", cli_lang_options };

int cli_explain(int argc, char **argv)
{
	explain_ctx e = { NULL, 0 };
	int first = cli_parse(&explain_spec, argc, argv, cli_lang_option,
			      (void *)&explain_spec);

	if (first <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (first != argc - 1) {
		cli_usage_error(&explain_spec, _("takes one rule id"));
		return EXIT_USAGE;
	}
	e.id = argv[first];
	each_pack(explain_one, &e);
	if (!e.found) {
		fprintf(stderr, _("stationaudit: no bundled standard has a rule "
			"'%s'\n"), e.id);
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

/* The places (file, line, column) already reported for one pack: the
 * loader's first error is usually one the schema found, said again. */
typedef struct lint_seen {
	sa_error *at;
	size_t n;
	int full;                  /* out of memory: stop remembering */
} lint_seen;

static void lint_remember(lint_seen *s, const sa_error *e)
{
	sa_error *p;

	if (s->full || !(p = realloc(s->at, (s->n + 1) * sizeof(*p)))) {
		s->full = 1;
		return;
	}
	s->at = p;
	s->at[s->n++] = *e;
}

static int lint_was_seen(const lint_seen *s, const sa_error *e)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->at[i].line == e->line && s->at[i].column == e->column &&
		    !strcmp(s->at[i].file, e->file))
			return 1;
	return 0;
}

static void lint_problem(void *data, const sa_error *problem)
{
	cli_print_error(problem);
	lint_remember(data, problem);
}

/* Validates a pack file against the schema, printing every problem;
 * returns the number of problems (1 when the check could not run). */
static size_t lint_schema(const char *file, lint_seen *seen)
{
	char xsd[4096];
	size_t n = 0;
	sa_error err;

	cli_schema_file("pack.xsd", xsd, sizeof(xsd));
	/* A binary run before `make install` has no schema yet: the loader
	 * still checks the pack, one problem at a time. */
	if (access(xsd, R_OK) != 0) {
		fprintf(stderr, _("stationaudit: note: no pack schema at %s (set "
			"STATIONAUDIT_SCHEMAS to the schemas folder); %s is "
			"checked by the loader only\n"), xsd, file);
		return 0;
	}
	sa_error_clear(&err);
	if (sa_pack_check_schema(file, xsd, lint_problem, seen, &n,
				 &err) != SA_OK) {
		cli_print_error(&err);
		lint_remember(seen, &err);
		return 1;
	}
	if (n)
		fprintf(stderr, n == 1 ? _("stationaudit: %s: %zu problem against "
			"the pack schema\n") : _("stationaudit: %s: %zu problems "
			"against the pack schema\n"), file, n);
	return n;
}

/* lint one pack: the schema first (every problem), then load and compile
 * (the first problem, unless the schema already reported it). */
static int lint_one(const char *name)
{
	lint_seen seen = { NULL, 0, 0 };
	sa_pack *p = sa_pack_new();
	char *file;
	size_t problems = 0, n;
	sa_error err;

	if (!p || cli_add_search_path(p) < 0) {
		sa_pack_free(p);
		return -1;
	}
	if ((file = sa_pack_find_file(p, name)))
		problems = lint_schema(file, &seen);
	free(file);
	sa_error_clear(&err);
	if (sa_pack_load(p, name, &err) != SA_OK ||
	    sa_pack_compile(p, &err) != SA_OK) {
		if (!lint_was_seen(&seen, &err))
			cli_print_error(&err);
		problems++;
	} else if ((n = sa_pack_check_basis(p, 0, lint_problem, &seen))) {
		fprintf(stderr, _("stationaudit: %s: %zu problem(s) of basis "
				  "and citation (docs/rules.md)\n"), name, n);
		problems += n;
	} else if (!problems) {
		n = sa_pack_rule_count(p);
		printf(n == 1 ? _("%s: ok, %zu rule\n") :
		       _("%s: ok, %zu rules\n"), name, n);
	}
	free(seen.at);
	sa_pack_free(p);
	return problems ? -1 : 0;
}

static const cli_spec lint_spec = { "lint", N_(
"usage: stationaudit lint [--lang LANG] PACK...\n"
"\n"
"Checks packs (names in the search path, or pack files): every problem\n"
"against the pack schema, then the first problem loading and compiling\n"
"them, each with file:line:col.  Exit status 2 when any pack has one.\n"
"\n"
"      --lang LANG   zh or en; default: the locale's, as check's\n"
"  -h, --help        this help\n"), "", cli_lang_options };

int cli_lint(int argc, char **argv)
{
	int i, bad = 0;
	int first = cli_parse(&lint_spec, argc, argv, cli_lang_option,
			      (void *)&lint_spec);

	if (first <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (first >= argc) {
		cli_usage_error(&lint_spec, _("needs pack files or "
				"names"));
		return EXIT_USAGE;
	}
	for (i = first; i < argc; i++)
		if (lint_one(argv[i]) < 0)
			bad = 1;
	return bad ? EXIT_USAGE : EXIT_CLEAN;
}

static const cli_spec convert_spec = { "convert", N_(
"usage: stationaudit convert FILE\n"
"\n"
"Prints each record of a dossier (YAML, JSON or XML; - for standard\n"
"input) as the XML tree the rules see, with the source line of every\n"
"element.  Exit status 3 when a record could not be read.\n"
"\n"
"  -h, --help   this help\n"), "", NULL };

/* Text inside an XML comment, where "--" may not appear: the cleaned
 * text with each '-' after a '-' written %2D. */
static void put_comment_text(const char *text)
{
	char *clean = sa_text_clean(text);
	const char *p;
	char prev = 0;

	for (p = clean ? clean : "?"; *p; prev = *p++) {
		if (*p == '-' && prev == '-')
			fputs("%2D", stdout);
		else
			putchar(*p);
	}
	free(clean);
}

/* One record as XML, the comment that places it after its root (where
 * XML allows it).  0, or -1 when it could not be written. */
static int convert_record(const sa_record *rec, sa_error *err)
{
	char *xml, *clean;
	size_t len;

	if (sa_record_serialize(rec, 1, &xml, &len, err) != SA_OK)
		return -1;
	/* A value may hold what XML refuses (a YAML "\u0001"). */
	clean = sa_text_clean(xml);
	free(xml);
	if (!clean) {
		sa_error_clear(err);
		err->status = SA_ERR_NOMEM;
		snprintf(err->message, sizeof(err->message), "%s",
			 _("out of memory"));
		return -1;
	}
	fputs(clean, stdout);
	free(clean);
	fputs("<!-- ", stdout);
	put_comment_text(sa_record_file(rec));
	printf(":%lu record %zu (%s) -->\n", sa_record_line(rec),
	       sa_record_index(rec), sa_record_format(rec));
	return 0;
}

int cli_convert(int argc, char **argv)
{
	sa_source *src;
	sa_record *rec;
	sa_error err;
	int code = EXIT_CLEAN;
	int first = cli_parse(&convert_spec, argc, argv, cli_no_option, NULL);

	if (first <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (first != argc - 1) {
		cli_usage_error(&convert_spec, _("takes one file "
				"(or -)"));
		return EXIT_USAGE;
	}
	sa_error_clear(&err);
	if (sa_source_open(argv[first], &src, &err) != SA_OK) {
		cli_print_error(&err);
		return err.status == SA_ERR_NOMEM ? EXIT_INTERNAL :
			EXIT_INCOMPLETE;
	}
	for (;;) {
		if (sa_source_next(src, &rec, &err) != SA_OK) {
			cli_print_error(&err);
			code = err.status == SA_ERR_NOMEM ? EXIT_INTERNAL :
				EXIT_INCOMPLETE;
			if (err.status == SA_ERR_NOMEM)
				break;
			continue;  /* the source goes on where it can */
		}
		if (!rec)
			break;
		if (convert_record(rec, &err) < 0) {
			cli_print_error(&err);
			code = EXIT_INTERNAL;
		}
		sa_record_free(rec);
	}
	sa_source_free(src);
	return code;
}

/* Writes the comparison of two reports in format (NULL: nothing) to path
 * (NULL: standard output); returns the exit status: new problems at or
 * above fail_on (none when fail_none) make it 1. */
static int diff_to(const char *old_report, const char *new_report,
		   const char *label, const char *lang, sa_severity fail_on,
		   int fail_none, const char *format, const char *path)
{
	sa_diff *d;
	sa_error err;
	int code;

	if (sa_diff_reports(old_report, new_report, &d, &err) != SA_OK) {
		cli_print_error(&err);
		return err.status == SA_ERR_NOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	if (format && (format[0] == 't' && !path ?
		       sa_diff_write(d, stdout, lang, label, &err) :
		       sa_diff_report(d, format, path, lang, label, &err)) !=
	    SA_OK) {
		cli_print_error(&err);
		sa_diff_free(d);
		return err.status == SA_ERR_USAGE ? EXIT_USAGE : EXIT_INTERNAL;
	}
	code = !fail_none && sa_diff_new_count(d, fail_on) ? EXIT_FINDINGS :
		EXIT_CLEAN;
	sa_diff_free(d);
	return code;
}

typedef struct diff_opts {
	const char *lang;
	sa_severity fail_on;
	int fail_none;
	char format[32];
	const char *path;
} diff_opts;

static const struct option diff_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "lang", required_argument, NULL, 'L' },
	{ "fail-on", required_argument, NULL, 'F' },
	{ NULL, 0, NULL, 0 },
};

static const cli_spec diff_spec = { "diff", N_(
"usage: stationaudit diff [-f FORMAT[:FILE]] [--lang zh|en]\n"
"                         [--fail-on SEVERITY] OLD.json NEW.json\n"
"\n"
"Compares two JSON reports (check -f json): new, fixed and unchanged\n"
"findings, newly waived ones apart, and score changes.  Exit status 1\n"
"when there are new findings at or above --fail-on, 2 when an input is\n"
"not a stationaudit JSON report.\n"
"\n"
"  -f, --format FORMAT[:FILE]  text (default), json or markdown, to FILE\n"
"      --lang LANG          zh or en; default: the locale's (LC_ALL,\n"
"                           LC_MESSAGES, LANG; C or unset: zh)\n"
"      --fail-on SEVERITY   critical, major (default), minor, info, none\n"
"  -h, --help               this help\n"), "f:", diff_options };

static int diff_option(void *data, int c, char *arg)
{
	diff_opts *o = data;

	if (c == 'f') {
		/* FORMAT[:FILE], as check's -f */
		const char *colon = strchr(arg, ':');
		size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

		snprintf(o->format, sizeof(o->format), "%.*s", (int)len, arg);
		o->path = colon ? colon + 1 : NULL;
		return 0;
	}
	if (c == 'L' && (!strcmp(arg, "zh") || !strcmp(arg, "en"))) {
		o->lang = sa_lang_set(arg);
		return 0;
	}
	if (c == 'F' && !strcmp(arg, "none")) {
		o->fail_none = 1;
		return 0;
	}
	if (c == 'F' && sa_severity_parse(arg, &o->fail_on) == 0)
		return 0;
	cli_usage_error(&diff_spec, c == 'L' ? _("--lang takes zh or en, "
			"not '%s'") : _("--fail-on takes critical, major, "
			"minor, info or none, not '%s'"), arg);
	return -1;
}

/* Prints the comparison of two reports as text (nothing when quiet). */
int cli_print_diff(const char *old_report, const char *new_report,
		   const char *label, const char *lang, sa_severity fail_on,
		   int fail_none, int quiet)
{
	return diff_to(old_report, new_report, label, lang, fail_on,
		       fail_none, quiet ? NULL : "text", NULL);
}

int cli_diff(int argc, char **argv)
{
	diff_opts o = { sa_lang_default(), SA_SEVERITY_MAJOR, 0, "text", NULL };
	int first = cli_parse(&diff_spec, argc, argv, diff_option, &o);

	if (first <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (argc - first != 2) {
		cli_usage_error(&diff_spec, _("takes two JSON reports: "
				"OLD.json NEW.json"));
		return EXIT_USAGE;
	}
	return diff_to(argv[first], argv[first + 1], NULL, o.lang, o.fail_on,
		       o.fail_none, o.format, o.path);
}
