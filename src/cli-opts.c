/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-opts.c - one option parser for every subcommand: getopt_long,
 * -h/--help answered with the subcommand's own usage, and usage errors
 * said the same way everywhere.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "banned.h"

#define MAX_LONGOPTS 64

void cli_usage_error(const cli_spec *spec, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "stationaudit: %s: ", spec->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\n(see stationaudit %s --help)\n"), spec->name);
}

int cli_no_option(void *data, int opt, char *arg)
{
	(void)data;
	(void)opt;
	(void)arg;
	return 0;
}

/* spec's long options with --help added, into out (MAX_LONGOPTS + 2). */
static void long_options(const cli_spec *spec, struct option *out)
{
	size_t n = 0;

	while (spec->longopts && spec->longopts[n].name && n < MAX_LONGOPTS) {
		out[n] = spec->longopts[n];
		n++;
	}
	out[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	out[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The option getopt could not take, as the user wrote it. */
static const char *bad_option(char **argv, char *buf, size_t size)
{
	if (optopt && optopt != '?') {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return argv[optind - 1];
}

int cli_parse(const cli_spec *spec, int argc, char **argv, cli_option_fn fn,
	      void *data)
{
	struct option longopts[MAX_LONGOPTS + 2];
	char shortopts[128], buf[8];
	int c;

	long_options(spec, longopts);
	snprintf(shortopts, sizeof(shortopts), ":h%s",
		 spec->shortopts ? spec->shortopts : "");
	optind = 0;   /* glibc: start afresh (a second parse in a process) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(_(spec->usage), stdout);
			return 0;
		}
		if (c == ':') {
			cli_usage_error(spec, _("%s needs a value"),
					argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			cli_usage_error(spec, _("unknown option '%s'"),
					bad_option(argv, buf, sizeof(buf)));
			return -1;
		}
		if (fn(data, c, optarg) < 0)
			return -1;
	}
	return optind;
}

int cli_parse_steps(const char *arg, unsigned long *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(arg, &end, 10);
	if (!arg[0] || *end || arg[0] == '-' || errno || n < 1000 ||
	    n > 100000000000ULL || (unsigned long)n != n)
		return cli_bad_value("--xpath-steps", arg, _("takes a number "
				     "of steps from 1000 to 100000000000, not "
				     "'%s'"), arg);
	*out = (unsigned long)n;
	return 0;
}

const char *cli_lang;

const struct option cli_lang_options[] = {
	{ "lang", required_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};

int cli_lang_option(void *data, int opt, char *arg)
{
	const cli_spec *spec = data;

	if (opt != 'L')
		return -1;
	if (strcmp(arg, "zh") && strcmp(arg, "en")) {
		cli_usage_error(spec, _("--lang takes zh or en, not '%s'"), arg);
		return -1;
	}
	cli_lang = sa_lang_set(arg);
	return 0;
}
