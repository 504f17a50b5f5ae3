/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pack.c - libFuzzer harness for the pack loader and compiler: the
 * input is a pack file; loading and compiling may fail but never crash,
 * hang or leak.
 *
 * The input is loaded as the pack of a folder, fuzz/, in a search folder
 * that the harness makes once (under TMPDIR) with packs to reach through
 * `extends` and tables to reach through `references`:
 *
 *   packs/base/pack.yaml       a small valid pack with params and a table
 *   packs/base/towns.csv
 *   packs/loop/pack.yaml       extends loop2, which extends loop (a cycle)
 *   packs/loop2.yaml
 *   packs/fuzz/pack.yaml       extends base (so `extends: fuzz` is a cycle)
 *   packs/fuzz/towns.csv       a table, a GBK table, a table in a subfolder
 *   packs/fuzz/gbk.csv
 *   packs/fuzz/sub/more.yaml   a relative extends target
 *   packs/fuzz/sub/t.csv
 *   packs/fuzz/out.csv         links to ../../secret (outside: refused)
 *   packs/fuzz/fifo.csv        a FIFO (refused, never opened for reading)
 *
 * so that extends: [base, loop, ./sub/more.yaml, ../base/pack.yaml] and
 * references: {t: {csv: out.csv}} are all a few mutations away (see
 * corpus-pack/ and pack.dict).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stationaudit.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[256];
static char search[300];
static char folder[300];

static const struct {
	const char *path;
	const char *text;
} files[] = {
	{ "secret", "CI_TOKEN=must-not-be-read\n" },
	{ "packs/base/pack.yaml",
	  "standard: {id: base, title: 基础, personal: [staff/id_number]}\n"
	  "params: {n: 1, region: {type: string, default: '4203'}}\n"
	  "references: {towns: {csv: towns.csv, key: code}}\n"
	  "rules:\n"
	  "  - {id: B-1, title: b1, assert: \"count(ref('towns')) > $n\"}\n"
	  "  - {id: B-2, title: b2, require: name}\n" },
	{ "packs/base/towns.csv", "code,name\n420302001,武当路\n420302002,二堰\n" },
	{ "packs/loop/pack.yaml", "standard: {id: loop, title: 环, "
	  "extends: loop2}\n" },
	{ "packs/loop2.yaml", "standard: {id: loop2, title: 环二, "
	  "extends: loop}\n" },
	{ "packs/fuzz/pack.yaml", "standard: {id: fuzz, title: 模糊, "
	  "extends: base}\n" },
	{ "packs/fuzz/towns.csv", "code,name\n420302001,武当路\n\"4203\",\"a,b\"\n" },
	{ "packs/fuzz/gbk.csv", "code,name\n1,\xc9\xe7\xb9\xa4\n" },
	{ "packs/fuzz/sub/more.yaml", "standard: {id: more, title: 更多}\n"
	  "references: {sub: {csv: t.csv}}\n"
	  "rules:\n  - {id: M-1, title: m, assert: \"count(ref('sub')) = 1\"}\n" },
	{ "packs/fuzz/sub/t.csv", "a,b\n1,2\n" },
};

static void remove_root(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (root[0] && system(cmd) != 0)
		fprintf(stderr, "fuzz_pack: could not remove %s\n", root);
}

static int write_at(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	if (!(f = fopen(path, "w")))
		return -1;
	fputs(text, f);
	return fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];
	size_t i;

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/fuzz-pack-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		abort();
	atexit(remove_root);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (write_at(files[i].path, files[i].text) < 0)
			abort();
	snprintf(path, sizeof(path), "%s/packs/fuzz/out.csv", root);
	if (symlink("../../secret", path) < 0)
		abort();
	snprintf(path, sizeof(path), "%s/packs/fuzz/fifo.csv", root);
	if (mkfifo(path, 0600) < 0)
		abort();
	snprintf(search, sizeof(search), "%s/packs", root);
	snprintf(folder, sizeof(folder), "%s/packs/fuzz", root);
	return 0;
}

/* 1 when data holds the bytes of s. */
static int contains(const uint8_t *data, size_t size, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= size; i++)
		if (!memcmp(data + i, s, n))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sa_pack *p = sa_pack_new();
	sa_error err;

	if (!p)
		return 0;
	sa_error_clear(&err);
	if (sa_pack_add_search_dir(p, search, &err) == SA_OK &&
	    sa_pack_load_buffer(p, (const char *)data, size, "fuzz.yaml",
				folder, &err) == SA_OK)
		(void)sa_pack_compile(p, &err);
	/* Nothing of the file outside may ever reach a message. */
	if ((strstr(err.message, "CI_TOKEN") ||
	     strstr(err.source_line, "CI_TOKEN")) &&
	    !contains(data, size, "CI_TOKEN"))
		abort();
	sa_pack_free(p);
	return 0;
}
