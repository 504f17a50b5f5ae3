/*
 * cli-check.c - `stationaudit check`, and what every subcommand shares.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-internal.h"
#include "banned.h"

void cli_print_error(const sa_error *err)
{
	char buf[SA_ERROR_MESSAGE_MAX + SA_ERROR_FILE_MAX + 3 * SA_ERROR_SOURCE_MAX];

	fprintf(stderr, "stationaudit: %s\n",
		sa_error_format(err, buf, sizeof(buf)));
}

const char *const *cli_search_dirs(void)
{
	static const char *dirs[64];
	static char *copy;
	const char *env = getenv("STATIONAUDIT_PATH");
	size_t n = 0;
	char *p, *save = NULL;

	if (dirs[0])
		return dirs;
	if (env && *env && (copy = malloc(strlen(env) + 1))) {
		memcpy(copy, env, strlen(env) + 1);
		for (p = strtok_r(copy, ":", &save); p && n < 62;
		     p = strtok_r(NULL, ":", &save))
			if (*p)
				dirs[n++] = p;
	}
	dirs[n++] = SA_RULES_DIR;
	dirs[n] = NULL;
	return dirs;
}

int cli_add_search_path(sa_pack *pack)
{
	const char *const *d;
	sa_error err;

	for (d = cli_search_dirs(); *d; d++)
		if (sa_pack_add_search_dir(pack, *d, &err) != SA_OK) {
			cli_print_error(&err);
			return -1;
		}
	return 0;
}

/* The default standards: the names listed in the first `default` file of
 * the search path, one a line.  The file is read like a pack's: a regular
 * file of at most 64 KiB inside its search folder (a link to a file
 * outside would print that file's lines as unknown names). */
static int load_default(sa_pack *pack, sa_error *err)
{
	const char *const *d;
	char path[4096], *buf = NULL, *line, *next;
	size_t len = 0;
	int loaded = 0;

	for (d = cli_search_dirs(); *d; d++) {
		snprintf(path, sizeof(path), "%s/default", *d);
		if (access(path, F_OK) == 0)
			break;
	}
	if (!*d) {
		snprintf(err->message, sizeof(err->message), "no standard "
			 "given (-s) and no default set found in the search "
			 "path");
		err->file[0] = '\0';
		err->line = 0;
		err->source_line[0] = '\0';
		return -1;
	}
	if (sa_file_read(path, "default set", 64u * 1024, *d, &buf, &len,
			 err) != SA_OK)
		return -1;
	for (line = buf; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		line[strcspn(line, " \t\r#")] = '\0';
		if (!*line)
			continue;
		if (sa_pack_load(pack, line, err) != SA_OK) {
			free(buf);
			return -1;
		}
		loaded++;
	}
	free(buf);
	return loaded ? 0 : -1;
}

typedef struct check_opts {
	const char *standards[64];
	int n_standards;
	const char *formats[16];
	int n_formats;
	const char *waivers[16];
	int n_waivers;
	const char *baseline;
	sa_severity fail_on;
	int fail_none;
	int quiet;
	int no_schema;
	char schema_path[4096];
	sa_run_options run;
} check_opts;

static int parse_fail_on(const char *s, check_opts *o)
{
	if (!strcmp(s, "none")) {
		o->fail_none = 1;
		return 0;
	}
	if (sa_severity_parse(s, &o->fail_on) == 0)
		return 0;
	fprintf(stderr, "stationaudit: --fail-on takes critical, major, "
		"minor, info or none, not '%s'\n", s);
	return -1;
}

static int add_param(sa_pack *pack, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char name[256];
	sa_error err;

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(name)) {
		fprintf(stderr, "stationaudit: --param takes NAME=VALUE, not "
			"'%s'\n", kv);
		return -1;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
	if (sa_pack_set_param(pack, name, eq + 1, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

/* --region CODE: what the run covers, the parameter region set by the
 * run (coverage rules judge only then). */
static int set_region(sa_pack *pack, const char *code)
{
	size_t n = strspn(code, "0123456789");
	sa_error err;

	if (code[n] || (n != 2 && n != 4 && n != 6 && n != 9) ||
	    !strncmp(code, "00", 2)) {
		fprintf(stderr, "stationaudit: --region takes a division code "
			"of 2, 4, 6 or 9 digits (e.g. 4203), not '%s'\n", code);
		return -1;
	}
	if (sa_pack_set_param(pack, "region", code, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

static int check_main(int argc, char **argv);

/* --severity RULE-PATTERN=SEVERITY */
static int set_severity(sa_pack *pack, const char *arg)
{
	const char *eq = strrchr(arg, '=');
	char pat[256];
	sa_severity sev;
	sa_error err;

	if (!eq || eq == arg || sa_severity_parse(eq + 1, &sev) < 0 ||
	    (size_t)(eq - arg) >= sizeof(pat)) {
		fprintf(stderr, "stationaudit: --severity takes RULE=SEVERITY "
			"(critical, major, minor, info), not '%s'\n", arg);
		return -1;
	}
	snprintf(pat, sizeof(pat), "%.*s", (int)(eq - arg), arg);
	if (sa_pack_set_severity(pack, pat, sev, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

/* --encoding: a name iconv knows. */
static int set_encoding(check_opts *o, const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1) {
		fprintf(stderr, "stationaudit: --encoding %s: no such encoding "
			"(iconv -l lists them)\n", name);
		return -1;
	}
	iconv_close(cd);
	o->run.encoding = name;
	return 0;
}

/* --sarif-max N, --github-max N: a count of 1 or more. */
static int parse_max(const char *opt, const char *arg, size_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(arg, &end, 10);
	if (!arg[0] || *end || arg[0] == '-' || errno || n == 0 ||
	    n > 100000000ULL) {
		fprintf(stderr, "stationaudit: %s takes a count of 1 or more, "
			"not '%s'\n", opt, arg);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

/* check's long options (getopt_long). */
static const struct option check_options[] = {
	{ "standard", required_argument, NULL, 's' },
	{ "param", required_argument, NULL, 'p' },
	{ "audit-date", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "fail-on", required_argument, NULL, 'F' },
	{ "lang", required_argument, NULL, 'L' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "show-personal", no_argument, NULL, 'P' },
	{ "profile", required_argument, NULL, 'R' },
	{ "schema", required_argument, NULL, 'X' },
	{ "no-schema", no_argument, NULL, 'N' },
	{ "disable", required_argument, NULL, 'D' },
	{ "severity", required_argument, NULL, 'S' },
	{ "bom", no_argument, NULL, 'B' },
	{ "stats", no_argument, NULL, 'T' },
	{ "waivers", required_argument, NULL, 'W' },
	{ "baseline", required_argument, NULL, 'b' },
	{ "region", required_argument, NULL, 'g' },
	{ "encoding", required_argument, NULL, 'E' },
	{ "sarif-max", required_argument, NULL, 'M' },
	{ "github-max", required_argument, NULL, 'G' },
	{ "junit-per-rule", no_argument, NULL, 'J' },
	{ NULL, 0, NULL, 0 },
};

static int parse_check_args(int argc, char **argv, check_opts *o,
			    sa_pack *pack)
{
	sa_error err;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:f:j:qv", check_options, NULL)) != -1) {
		switch (c) {
		case 's':
			if (o->n_standards < 64)
				o->standards[o->n_standards++] = optarg;
			break;
		case 'p':
			if (add_param(pack, optarg) < 0)
				return -1;
			break;
		case 'd':
			if (sa_pack_set_audit_date(pack, optarg, &err)) {
				cli_print_error(&err);
				return -1;
			}
			break;
		case 'f':
			if (o->n_formats < 16)
				o->formats[o->n_formats++] = optarg;
			break;
		case 'F':
			if (parse_fail_on(optarg, o) < 0)
				return -1;
			break;
		case 'L':
			if (strcmp(optarg, "zh") && strcmp(optarg, "en")) {
				fprintf(stderr, "stationaudit: --lang takes zh "
					"or en\n");
				return -1;
			}
			o->run.lang = optarg;
			break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);

			if (*end || j < 0 || j > 1024) {
				fprintf(stderr, "stationaudit: -j takes a "
					"number of threads\n");
				return -1;
			}
			o->run.jobs = (int)j;
			break;
		}
		case 'q':
			o->quiet = 1;
			break;
		case 'v':
			o->run.verbose = 1;
			break;
		case 'P':
			o->run.show_personal = 1;
			break;
		case 'X':
			o->run.schema = optarg;
			break;
		case 'N':
			o->no_schema = 1;
			break;
		case 'E':
			if (set_encoding(o, optarg) < 0)
				return -1;
			break;
		case 'B':
			o->run.bom = 1;
			break;
		case 'T':
			o->run.stats = 1;
			break;
		case 'W':
			if (o->n_waivers < 16)
				o->waivers[o->n_waivers++] = optarg;
			break;
		case 'b':
			o->baseline = optarg;
			break;
		case 'g':
			if (set_region(pack, optarg) < 0)
				return -1;
			break;
		case 'M':
		case 'G':
			if (parse_max(argv[optind - 1], optarg,
				      c == 'M' ? &o->run.sarif_max
					       : &o->run.github_max) < 0)
				return -1;
			break;
		case 'J':
			o->run.junit_per_rule = 1;
			break;
		case 'R':
			if (sa_pack_set_profile(pack, optarg, &err) != SA_OK) {
				cli_print_error(&err);
				return -1;
			}
			break;
		case 'D':
			if (sa_pack_disable_rules(pack, optarg, &err) != SA_OK) {
				cli_print_error(&err);
				return -1;
			}
			break;
		case 'S':
			if (set_severity(pack, optarg) < 0)
				return -1;
			break;
		case ':':
			fprintf(stderr, "stationaudit: check: %s needs a value "
				"(see stationaudit --help)\n", argv[optind - 1]);
			return -1;
		default:
			fprintf(stderr, "stationaudit: check: unknown option "
				"'%s' (see stationaudit --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "stationaudit: check needs a dossier file or "
			"folder (or - for standard input)\n");
		return -1;
	}
	return 0;
}

/* The dossier contract every record is validated against: --schema's
 * XSD, else dossier.xsd in $STATIONAUDIT_SCHEMAS (tests use the source
 * tree's) or the installed schemas folder; none with --no-schema. */
static int choose_contract(check_opts *o)
{
	const char *dir = getenv("STATIONAUDIT_SCHEMAS");

	if (o->no_schema && o->run.schema) {
		fprintf(stderr, "stationaudit: check: --schema and --no-schema "
			"contradict each other\n");
		return -1;
	}
	if (o->no_schema || o->run.schema)
		return 0;
	snprintf(o->schema_path, sizeof(o->schema_path), "%s/dossier.xsd",
		 dir && *dir ? dir : SA_SCHEMAS_DIR);
	/* A binary run before `make install` has no contract yet. */
	if (access(o->schema_path, R_OK) != 0) {
		fprintf(stderr, "stationaudit: note: no dossier contract at %s "
			"(set STATIONAUDIT_SCHEMAS to the schemas folder); "
			"records are not validated\n", o->schema_path);
		return 0;
	}
	o->run.schema = o->schema_path;
	return 0;
}

static int add_reports(sa_run *run, const check_opts *o)
{
	sa_error err;
	int i;

	if (o->n_formats == 0 && !o->quiet &&
	    sa_run_add_report(run, "text", NULL, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	for (i = 0; i < o->n_formats; i++) {
		char fmt[32];
		const char *colon = strchr(o->formats[i], ':');
		size_t n = colon ? (size_t)(colon - o->formats[i]) :
			strlen(o->formats[i]);

		snprintf(fmt, sizeof(fmt), "%.*s", (int)n, o->formats[i]);
		if (sa_run_add_report(run, fmt, colon ? colon + 1 : NULL,
				      &err) != SA_OK) {
			cli_print_error(&err);
			return -1;
		}
	}
	return 0;
}

static int exit_code(const sa_summary *s, const check_opts *o)
{
	int sev;

	if (s->unreadable)
		return EXIT_FINDINGS;
	if (o->fail_none)
		return EXIT_CLEAN;
	for (sev = (int)o->fail_on; sev < SA_SEVERITY_COUNT; sev++)
		if (s->fail_by_severity[sev])
			return EXIT_FINDINGS;
	return s->findings[SA_FINDING_ERROR] ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int load_standards(sa_pack *pack, const check_opts *o)
{
	sa_error err;
	int i;

	sa_error_clear(&err);
	if (cli_add_search_path(pack) < 0)
		return -1;
	if (o->n_standards == 0 && load_default(pack, &err) < 0) {
		cli_print_error(&err);
		return -1;
	}
	for (i = 0; i < o->n_standards; i++)
		if (sa_pack_load(pack, o->standards[i], &err) != SA_OK) {
			cli_print_error(&err);
			return -1;
		}
	if (sa_pack_compile(pack, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

/* A config file is a few options: 64 KiB is far more than any needs. */
#define MAX_CONFIG_BYTES (64u * 1024)

static int config_problem(const char *path, unsigned long line,
			  const char *why)
{
	fprintf(stderr, "stationaudit: %s:%lu: %s\n", path, line, why);
	return -1;
}

/* Appends the option word and its value (if any) of one line. */
static int config_words(char *p, char ***words, int *n, int *cap)
{
	char *end;
	int k;

	for (k = 0; k < 2 && *p; k++) {
		end = k == 0 ? p + strcspn(p, " \t") : p + strlen(p);
		while (k == 1 && end > p && (end[-1] == ' ' ||
					      end[-1] == '\t'))
			end--;
		if (*n + 2 >= *cap) {
			char **w = realloc(*words, (size_t)(*cap * 2 + 8) *
					   sizeof(char *));

			if (!w)
				return -1;
			*words = w;
			*cap = *cap * 2 + 8;
		}
		if (!((*words)[*n] = strndup(p, (size_t)(end - p))))
			return -1;
		(*n)++;
		p = end + strspn(end, " \t");
	}
	return 0;
}

/* The words of a config file: one option a line, as on the command line
 * ("--param region=4203", "-s shiyan", "--disable SY-FU-05"); blank lines
 * and lines starting with # are skipped.  Anything else (a device, a
 * folder, a binary or a YAML file) is refused before it is used. */
static int read_config(const char *path, char ***words, int *n, int *cap)
{
	sa_error err;
	char *buf = NULL, *p, *next, *c, *end;
	size_t len = 0;
	unsigned long no = 0;
	int rc = 0;

	if (sa_file_read(path, "config file", MAX_CONFIG_BYTES, NULL, &buf,
			 &len, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	for (p = buf; p < buf + len && rc == 0; p = next) {
		no++;
		if (!(end = memchr(p, '\n', len - (size_t)(p - buf))))
			end = buf + len;
		*end = '\0';
		next = end + 1;
		for (c = p; c < end; c++)
			if ((unsigned char)*c < 0x20 && *c != '\t' && *c != '\r')
				break;
		if (c < end)
			rc = config_problem(path, no, "a config file is text: "
					    "this line holds control bytes");
		p[strcspn(p, "\r")] = '\0';
		p += strspn(p, " \t");
		if (rc || !*p || *p == '#')
			continue;
		if (*p != '-')
			rc = config_problem(path, no, "not an option: a config "
					    "file holds options, one a line, as "
					    "on the command line (--param "
					    "region=4203)");
		else if (config_words(p, words, n, cap) < 0)
			rc = -1;
	}
	free(buf);
	return rc;
}

/* argv with every --config FILE replaced by the file's words. */
static char **expand_config(int argc, char **argv, int *nargc, char ***owned,
			    int *nowned)
{
	char **out = calloc((size_t)argc + 1, sizeof(char *)), **w = NULL;
	int i, n = 0, cap = argc + 1, nw = 0, wcap = 0, k;

	if (!out)
		return NULL;
	for (i = 0; i < argc; i++) {
		int start = nw;

		if (strcmp(argv[i], "--config") != 0 || i + 1 >= argc) {
			out[n++] = argv[i];
			continue;
		}
		if (read_config(argv[++i], &w, &nw, &wcap) < 0)
			goto fail;
		if (n + (nw - start) + (argc - i) + 1 > cap) {
			char **o2;

			cap = n + (nw - start) + (argc - i) + 1;
			if (!(o2 = realloc(out, (size_t)cap * sizeof(char *))))
				goto fail;
			out = o2;
		}
		for (k = start; k < nw; k++)
			out[n++] = w[k];
	}
	out[n] = NULL;
	*nargc = n;
	*owned = w;
	*nowned = nw;
	return out;
fail:
	for (k = 0; k < nw; k++)
		free(w[k]);
	free(w);
	free(out);
	return NULL;
}

int cli_check(int argc, char **argv)
{
	char **args, **owned = NULL;
	int nargs = 0, nowned = 0, code;

	if (!(args = expand_config(argc, argv, &nargs, &owned, &nowned)))
		return EXIT_USAGE;
	code = check_main(nargs, args);
	while (nowned > 0)
		free(owned[--nowned]);
	free(owned);
	free(args);
	return code;
}

/* A JSON report of this run in a temporary file, to compare with the
 * baseline when the run ends; path receives its name. */
static int baseline_report(sa_run *run, char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	sa_error err;
	int fd;

	snprintf(path, size, "%s/stationaudit-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		fprintf(stderr, "stationaudit: cannot make a temporary file "
			"for --baseline: %s\n", strerror(errno));
		path[0] = '\0';
		return -1;
	}
	close(fd);
	if (sa_run_add_report(run, "json", path, &err) != SA_OK) {
		cli_print_error(&err);
		return -1;
	}
	return 0;
}

static int check_main(int argc, char **argv)
{
	char base[4096] = "";
	struct timespec t0, t1;
	double compile_ms = 0;
	check_opts o;
	sa_pack *pack = sa_pack_new();
	sa_run *run = NULL;
	sa_error err;
	sa_status st;
	int code = EXIT_USAGE, i;

	memset(&o, 0, sizeof(o));
	o.fail_on = SA_SEVERITY_MAJOR;
	sa_run_options_init(&o.run);
	if (!pack)
		return EXIT_INTERNAL;
	if (parse_check_args(argc, argv, &o, pack) < 0 ||
	    choose_contract(&o) < 0)
		goto out;
	if (cli_signals_start() < 0) {
		code = EXIT_INTERNAL;
		goto out;
	}
	/* A baseline that is not a report fails before the audit. */
	if (o.baseline && sa_diff_check(o.baseline, &err) != SA_OK) {
		cli_print_error(&err);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (load_standards(pack, &o) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	compile_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	o.run.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (!(run = sa_run_new(pack, &o.run))) {
		code = EXIT_INTERNAL;
		goto out;
	}
	if (add_reports(run, &o) < 0 ||
	    (o.baseline && baseline_report(run, base, sizeof(base)) < 0))
		goto out;
	/* The reports show year over year too. */
	if (o.baseline && sa_run_set_baseline(run, o.baseline, &err) != SA_OK) {
		cli_print_error(&err);
		goto out;
	}
	for (i = 0; i < o.n_waivers; i++)
		if (sa_run_add_waivers(run, o.waivers[i], &err) != SA_OK) {
			cli_print_error(&err);
			goto out;
		}
	for (i = optind; i < argc; i++)
		if (sa_run_add_path(run, argv[i], &err) != SA_OK) {
			cli_print_error(&err);
			goto out;
		}
	cli_signals_watch(run, base[0] ? base : NULL);
	if ((st = sa_run_execute(run, &err)) == SA_ERR_PIPE) {
		code = EXIT_BROKEN_PIPE;
		goto out;
	}
	if (st != SA_OK) {
		cli_print_error(&err);
		/* A report that cannot be written is a usage problem (a bad
		 * path); anything else is ours. */
		code = err.status == SA_ERR_IO || err.status == SA_ERR_USAGE ?
			EXIT_USAGE : EXIT_INTERNAL;
		goto out;
	}
	code = exit_code(sa_run_summary(run), &o);
	if (o.run.stats) {
		fprintf(stderr, "stationaudit stats: load and compile the "
			"standards: %.1f ms\n", compile_ms);
		if (sa_run_write_stats(run, stderr, 20, &err) != SA_OK)
			cli_print_error(&err);
	}
	/* With a baseline only what is new fails the run. */
	if (o.baseline && code != EXIT_USAGE)
		code = cli_print_diff(o.baseline, base, o.run.lang[0] == 'e' ?
				      "this run" : "本次检查", o.run.lang,
				      o.fail_on, o.fail_none, o.quiet);
out:
	cli_signals_watch(NULL, NULL);
	if (base[0])
		unlink(base);
	sa_run_free(run);
	sa_pack_free(pack);
	if (code == EXIT_BROKEN_PIPE)
		cli_die_of_sigpipe();
	return code;
}
