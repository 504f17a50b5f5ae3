/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli-init.c - `init CODE`: a blank dossier for a township or village,
 * its region filled from the division tables, to fill in and check.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-internal.h"
#include "banned.h"

static const char init_usage[] = N_(
"usage: stationaudit init [-o FILE [--force]] CODE\n"
"\n"
"Writes a blank, commented station dossier (YAML) for the township (9-digit\n"
"code) or village (12-digit code) of a statistical division code, its name\n"
"and region filled from the bundled 2023 division tables.\n"
"\n"
"  -o, --output FILE   write it to FILE (default: standard output)\n"
"      --force         replace FILE when it exists\n"
"  -h, --help          this help\n");

void cli_schema_file(const char *name, char *out, size_t size)
{
	const char *dir = getenv("STATIONAUDIT_SCHEMAS");

	snprintf(out, size, "%s/%s", dir && *dir ? dir : SA_SCHEMAS_DIR, name);
}

/* A YAML double-quoted scalar of s. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if ((unsigned char)*s < 0x20)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

typedef struct blank {
	const char *code, *file;
	sa_division d;
	const char *city;          /* the city a dossier names */
	char name[512];
} blank;

/* 市辖区 and 县 stand for a municipality's own districts and counties,
 * 省直辖县级行政区划 for counties under the province itself: a dossier
 * names the municipality, or the county. */
static void fill_names(blank *b)
{
	const char *city = b->d.city ? b->d.city : "";
	int village = strlen(b->code) == 12;

	if (!strcmp(city, "市辖区") || !strcmp(city, "县"))
		city = b->d.province;
	else if (strstr(city, "直辖"))
		city = b->d.county;
	b->city = city ? city : "";
	snprintf(b->name, sizeof(b->name), "%s%s%s%s%s", b->city,
		 b->d.county && strcmp(b->d.county, b->city) ? b->d.county : "",
		 b->d.township, village && b->d.village ? b->d.village : "",
		 village ? "社会工作室" : "社会工作服务站");
}

/* The value of @KEY@, written to out; 0 when the key is unknown. */
static int put_field(FILE *out, const blank *b, const char *key, size_t n)
{
	int village = strlen(b->code) == 12;

#define IS(k) (n == sizeof(k) - 1 && !strncmp(key, k, n))
	if (IS("CODE"))
		fputs(b->code, out);
	else if (IS("FILE"))
		fputs(b->file ? b->file : "FILE.yaml", out);
	else if (IS("TITLE"))
		fputs(b->name, out);
	else if (IS("NAME"))
		fputs(b->name, out);
	else if (IS("KIND"))
		fputs(village ? "room" : "station", out);
	else if (IS("LEVEL"))
		fputs(village ? "village" : "township", out);
	else if (IS("PROVINCE"))
		put_quoted(out, b->d.province);
	else if (IS("CITY"))
		put_quoted(out, b->city);
	else if (IS("COUNTY"))
		put_quoted(out, b->d.county);
	else if (IS("TOWNSHIP"))
		put_quoted(out, b->d.township);
	else if (IS("VILLAGE") && village) {
		fputs("    village: ", out);
		put_quoted(out, b->d.village ? b->d.village : "");
		fputs(b->d.village ? "\n" : "      # 村(社区)名称\n", out);
	} else if (!IS("VILLAGE"))
		return 0;
#undef IS
	return 1;
}

/* Copies the template to out with its @KEY@ fields filled. */
static int fill_template(FILE *in, FILE *out, const blank *b)
{
	char line[4096];

	while (fgets(line, sizeof(line), in)) {
		const char *p = line, *at, *end;

		while ((at = strchr(p, '@')) && (end = strchr(at + 1, '@'))) {
			fwrite(p, 1, (size_t)(at - p), out);
			if (!put_field(out, b, at + 1, (size_t)(end - at - 1)))
				fwrite(at, 1, (size_t)(end - at + 1), out);
			p = end + 1;
		}
		fputs(p, out);
	}
	return ferror(in) ? -1 : 0;
}

static FILE *open_output(const char *path, int force)
{
	sa_error err;
	int fd;

	if (!path)
		return stdout;
	/* The rule of report files: no link out of its folder or to
	 * nothing is followed. */
	if (sa_output_path_check(path, &err) != SA_OK) {
		cli_print_error(&err);
		return NULL;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
		  (force ? O_TRUNC : O_EXCL), 0666);
	if (fd < 0) {
		fprintf(stderr, "stationaudit: %s: %s%s\n", path,
			strerror(errno), errno == EEXIST ?
			_(" (--force replaces it)") : "");
		return NULL;
	}
	return fdopen(fd, "w");
}

static int write_blank(const blank *b, int force)
{
	char tpl[4096];
	FILE *in, *out;
	int rc = EXIT_CLEAN;

	cli_schema_file("dossier-template.yaml", tpl, sizeof(tpl));
	if (!(in = fopen(tpl, "r"))) {
		fprintf(stderr, _("stationaudit: %s: %s (is stationaudit "
			"installed?)\n"), tpl, strerror(errno));
		return EXIT_INTERNAL;
	}
	if (!(out = open_output(b->file, force))) {
		fclose(in);
		return EXIT_USAGE;
	}
	if (fill_template(in, out, b) < 0 || fflush(out) != 0 || ferror(out)) {
		fprintf(stderr, _("stationaudit: cannot write the dossier: %s\n"),
			strerror(errno));
		rc = EXIT_INTERNAL;
	}
	fclose(in);
	if (out != stdout && fclose(out) != 0 && rc == EXIT_CLEAN)
		rc = EXIT_INTERNAL;
	return rc;
}

typedef struct init_opts {
	blank *b;
	int force;
} init_opts;

static const struct option init_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, 'F' },
	{ NULL, 0, NULL, 0 }
};

static const cli_spec init_spec = { "init", init_usage, "o:", init_options };

static int init_option(void *data, int c, char *arg)
{
	init_opts *o = data;

	if (c == 'o')
		o->b->file = arg;
	else
		o->force = 1;
	return 0;
}

int cli_init(int argc, char **argv)
{
	blank b;
	init_opts o = { &b, 0 };
	sa_pack *pack;
	sa_error err;
	int first, rc;

	memset(&b, 0, sizeof(b));
	if ((first = cli_parse(&init_spec, argc, argv, init_option, &o)) <= 0)
		return first == 0 ? EXIT_CLEAN : EXIT_USAGE;
	if (first + 1 != argc) {
		cli_usage_error(&init_spec, _("takes one division code"));
		return EXIT_USAGE;
	}
	b.code = argv[first];
	sa_error_clear(&err);
	if (!(pack = sa_pack_new()))
		return EXIT_INTERNAL;
	if (cli_add_search_path(pack) < 0 ||
	    sa_pack_load(pack, "base", &err) != SA_OK ||
	    sa_pack_compile(pack, &err) != SA_OK ||
	    sa_pack_division(pack, b.code, &b.d, &err) != SA_OK) {
		cli_print_error(&err);
		sa_pack_free(pack);
		return EXIT_USAGE;
	}
	fill_names(&b);
	rc = write_blank(&b, o.force);
	sa_pack_free(pack);
	return rc;
}
