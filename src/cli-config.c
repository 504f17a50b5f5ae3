/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-config.c - check's configuration found, not passed: the first
 * .stationaudit.yaml of the current folder and its parents, up to the
 * repository's root (a folder holding .git) or /, read by the library
 * (sa_config_read) into option words that go before the command line's.
 */
#include "config.h"

#include <stdarg.h>
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

/* Where each value word of the configuration file is written in it, so
 * that a value refused later (by the option's own check, or when the
 * standard, report or ledger it names is opened) is blamed on the file's
 * line, not on an option the user never typed.  Words are known by
 * their address: the words live as long as the command. */
typedef struct origin {
	const char *word;
	char key[32];
	unsigned long line, column;
} origin;

static origin *origins;
static size_t n_origins;
static const char *origin_file;

/* The key a long option comes from (standards for standard, ...). */
static void key_of_option(const char *option, char *key, size_t size)
{
	static const char *const plural[] = { "standard", "format", "param" };
	size_t i;

	for (i = 0; i < sizeof(plural) / sizeof(*plural); i++)
		if (!strcmp(option, plural[i])) {
			snprintf(key, size, "%ss", option);
			return;
		}
	snprintf(key, size, "%s", option);
}

static int add_origin(const char *word, const char *option,
		      unsigned long line, unsigned long column)
{
	origin *o = realloc(origins, (n_origins + 1) * sizeof(*o));

	if (!o)
		return -1;
	origins = o;
	o += n_origins++;
	o->word = word;
	key_of_option(option, o->key, sizeof(o->key));
	o->line = line;
	o->column = column;
	return 0;
}

static const origin *origin_of(const char *arg)
{
	size_t i;

	for (i = 0; arg && i < n_origins; i++)
		if (origins[i].word == arg)
			return &origins[i];
	return NULL;
}

int cli_from_config(const char *arg)
{
	return origin_of(arg) != NULL;
}

/* Line number line of path into out (best effort: "" when unread). */
static void read_line(const char *path, unsigned long line, char *out,
		      size_t size)
{
	FILE *f = fopen(path, "rb");
	unsigned long n = 1;
	int c;
	size_t k = 0;

	out[0] = '\0';
	if (!f)
		return;
	while (n < line && (c = getc(f)) != EOF)
		n += c == '\n';
	while (n == line && k + 1 < size && (c = getc(f)) != EOF &&
	       c != '\n' && c != '\r')
		out[k++] = (char)c;
	out[k] = '\0';
	fclose(f);
}

/* The column (in characters, from 1) of the value of the key at column
 * of text, when it is written on the key's line ("fail-on:   major");
 * 0 when the line holds no more than the key (the value is below it),
 * else column: the caret then goes under the value the user must fix. */
static unsigned long value_column(const char *text, unsigned long column)
{
	unsigned long col = 1;
	const char *p = text;
	char quote = 0;

	for (; *p && col < column; p++)
		col += ((unsigned char)p[1] & 0xc0) != 0x80;
	for (; *p; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == ':' && (!p[1] || p[1] == ' ' || p[1] == '\t')) {
			break;
		}
		col += ((unsigned char)p[1] & 0xc0) != 0x80;
	}
	if (*p != ':')
		return column;
	for (p++, col++; *p == ' ' || *p == '\t'; p++)
		col++;
	if (!*p || *p == '#')
		return 0;
	return *p != '|' && *p != '>' ? col : column;
}

/* Where the value of the key at line:column is written: on its line, or
 * as the first thing on the next one ("fail-on:\n  major"). */
static void value_at(unsigned long *line, unsigned long *column)
{
	char text[1024];
	unsigned long col;
	size_t k;

	read_line(origin_file, *line, text, sizeof(text));
	if (!*text || (col = value_column(text, *column)) == *column)
		return;
	if (col) {
		*column = col;
		return;
	}
	read_line(origin_file, *line + 1, text, sizeof(text));
	k = strspn(text, " \t");
	if (k && text[k] && text[k] != '#' && text[k] != '-') {
		(*line)++;
		*column = (unsigned long)k + 1;
	}
}

static int config_option(void *data, const char *option, const char *value,
			 unsigned long line, unsigned long column)
{
	words *ws = data;
	char word[64];

	snprintf(word, sizeof(word), "--%s", option);
	if (add_word(ws, word) < 0 || (value && add_word(ws, value) < 0))
		return -1;
	if (!value)
		return 0;
	value_at(&line, &column);
	return add_origin(ws->w[ws->n - 1], option, line, column);
}

/* src into dst of size bytes, cut at a character when too long. */
static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int cli_config_blame(const char *arg, sa_error *err)
{
	const origin *o = origin_of(arg);
	char msg[sizeof(err->message) + sizeof(err->file) + 2];

	if (!o || err->line)
		return 0;
	if (err->file[0])
		snprintf(msg, sizeof(msg), "%s: %s", err->file, err->message);
	else
		snprintf(msg, sizeof(msg), "%s", err->message);
	snprintf(err->file, sizeof(err->file), "%s", origin_file);
	err->line = o->line;
	err->column = o->column;
	copy_cut(err->message, sizeof(err->message), msg);
	read_line(origin_file, o->line, err->source_line,
		  sizeof(err->source_line));
	return 1;
}

int cli_bad_value(const char *opt, const char *arg, const char *fmt, ...)
{
	const origin *o = origin_of(arg);
	char body[SA_ERROR_MESSAGE_MAX], msg[SA_ERROR_MESSAGE_MAX + 40];
	sa_error err;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	sa_error_clear(&err);
	snprintf(msg, sizeof(msg), "%.32s %s", o ? o->key : opt, body);
	copy_cut(err.message, sizeof(err.message), msg);
	cli_config_blame(arg, &err);
	cli_print_error(&err);
	return -1;
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
	origin_file = path;        /* config_option reads its lines */
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
	origin_file = path;
	*out = ws.w;
	*n = ws.n;
	return 0;
}
