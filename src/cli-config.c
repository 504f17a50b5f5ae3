/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-config.c - check's configuration found, not passed: the first
 * .stationaudit.yaml of the current folder and its parents, up to the
 * repository's root (a folder holding .git) or /, read by the library
 * (sa_config_read) into option words that go before the command line's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli-internal.h"
#include "banned.h"

#define CONFIG_NAME ".stationaudit.yaml"

/* The configuration file that applies here, into out as a path from
 * the current folder (.stationaudit.yaml, ../.stationaudit.yaml, ...);
 * 0 when none. */
static int find_config(char *out, size_t size)
{
	char dir[4096], up[4096] = "", git[4200];
	struct stat st;
	char *slash;
	size_t n = 0;

	if (!getcwd(dir, sizeof(dir)))
		return 0;
	for (;;) {
		snprintf(out, size, "%s%s", up, CONFIG_NAME);
		if (lstat(out, &st) == 0)
			return 1;
		snprintf(git, sizeof(git), "%s.git", up);
		if (!strcmp(dir, "/") || lstat(git, &st) == 0 ||
		    n + 4 > sizeof(up) || !(slash = strrchr(dir, '/')))
			return 0;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		memcpy(up + n, "../", 4);
		n += 3;
	}
}

typedef struct words {
	char **w;
	int n, cap;
} words;

static int add_word(words *ws, const char *s)
{
	if (ws->n + 1 >= ws->cap) {
		int cap = ws->cap * 2 + 16;
		char **w = realloc(ws->w, (size_t)cap * sizeof(char *));

		if (!w)
			return -1;
		ws->w = w;
		ws->cap = cap;
	}
	if (!(ws->w[ws->n] = strdup(s)))
		return -1;
	ws->n++;
	return 0;
}

static int config_option(void *data, const char *option, const char *value,
			 unsigned long line, unsigned long column)
{
	char word[64];

	(void)line;
	(void)column;
	snprintf(word, sizeof(word), "--%s", option);
	if (add_word(data, word) < 0 || (value && add_word(data, value) < 0))
		return -1;
	return 0;
}

/* --no-config among the options (before "--"). */
static int no_config(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--no-config"))
			return 1;
	return 0;
}

int cli_config_words(int argc, char **argv, char *path, size_t size,
		     char ***out, int *n)
{
	words ws = { NULL, 0, 0 };
	sa_error err;

	*out = NULL;
	*n = 0;
	path[0] = '\0';
	if (no_config(argc, argv) || !find_config(path, size)) {
		path[0] = '\0';
		return 0;
	}
	sa_error_clear(&err);
	if (sa_config_read(path, config_option, &ws, &err) != SA_OK) {
		if (err.status == SA_ERR_NOMEM)
			fprintf(stderr, _("stationaudit: out of memory\n"));
		else
			cli_print_error(&err);
		while (ws.n > 0)
			free(ws.w[--ws.n]);
		free(ws.w);
		return err.status == SA_ERR_NOMEM ? -2 : -1;
	}
	*out = ws.w;
	*n = ws.n;
	return 0;
}
