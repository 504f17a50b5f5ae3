/*
 * cli-check.c - `stationaudit check`, and what every subcommand shares.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
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
 * the search path, one a line. */
static int load_default(sa_pack *pack, sa_error *err)
{
	const char *const *d;
	char path[4096], line[256];
	int loaded = 0;
	FILE *f = NULL;

	for (d = cli_search_dirs(); *d && !f; d++) {
		snprintf(path, sizeof(path), "%s/default", *d);
		f = fopen(path, "r");
	}
	if (!f) {
		snprintf(err->message, sizeof(err->message), "no standard "
			 "given (-s) and no default set found in the search "
			 "path");
		err->file[0] = '\0';
		err->line = 0;
		err->source_line[0] = '\0';
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n#")] = '\0';
		if (!*line)
			continue;
		if (sa_pack_load(pack, line, err) != SA_OK) {
			fclose(f);
			return -1;
		}
		loaded++;
	}
	fclose(f);
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

static int parse_check_args(int argc, char **argv, check_opts *o,
			    sa_pack *pack)
{
	static const struct option longs[] = {
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
		{ "disable", required_argument, NULL, 'D' },
		{ "severity", required_argument, NULL, 'S' },
		{ "bom", no_argument, NULL, 'B' },
		{ "stats", no_argument, NULL, 'T' },
		{ "waivers", required_argument, NULL, 'W' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "sarif-max", required_argument, NULL, 'M' },
		{ "github-max", required_argument, NULL, 'G' },
		{ "junit-per-rule", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	sa_error err;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:f:j:qv", longs, NULL)) != -1) {
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

/* The words of a config file: one option a line, as on the command line
 * ("--param region=4203", "-s shiyan", "--disable SY-FU-05"); blank lines
 * and lines starting with # are skipped. */
static int read_config(const char *path, char ***words, int *n, int *cap)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "stationaudit: %s: cannot read the config "
			"file\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		int k;

		p[strcspn(p, "\r\n")] = '\0';
		p += strspn(p, " \t");
		if (!*p || *p == '#')
			continue;
		for (k = 0; k < 2 && *p; k++) {
			end = k == 0 ? p + strcspn(p, " \t") : p + strlen(p);
			while (k == 1 && end > p && (end[-1] == ' ' ||
						      end[-1] == '\t'))
				end--;
			if (*n + 2 >= *cap) {
				char **w = realloc(*words, (size_t)(*cap * 2 + 8) *
						   sizeof(char *));

				if (!w)
					goto fail;
				*words = w;
				*cap = *cap * 2 + 8;
			}
			if (!((*words)[*n] = strndup(p, (size_t)(end - p))))
				goto fail;
			(*n)++;
			p = end + strspn(end, " \t");
		}
	}
	fclose(f);
	return 0;
fail:
	fclose(f);
	return -1;
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
	if (parse_check_args(argc, argv, &o, pack) < 0)
		goto out;
	if (cli_signals_start() < 0) {
		code = EXIT_INTERNAL;
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
