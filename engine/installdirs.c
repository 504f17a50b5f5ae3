/* SPDX-License-Identifier: Apache-2.0 */
/*
 * installdirs.c - where the installed standards and schemas are, for the
 * command and for any other program of the library alike: the folders of
 * $STATIONAUDIT_PATH, then the installed rules folder; the schemas folder
 * $STATIONAUDIT_SCHEMAS, else the installed one.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stationaudit.h"
#include "banned.h"

#define MAX_SEARCH_DIRS 64

static const char *dirs[MAX_SEARCH_DIRS];
static pthread_once_t dirs_once = PTHREAD_ONCE_INIT;

/* Read once: the environment of a process does not change its packs. */
static void dirs_read(void)
{
	const char *env = getenv("STATIONAUDIT_PATH");
	static char *copy;
	char *p, *save = NULL;
	size_t n = 0;

	if (env && *env && (copy = malloc(strlen(env) + 1))) {
		memcpy(copy, env, strlen(env) + 1);
		for (p = strtok_r(copy, ":", &save);
		     p && n < MAX_SEARCH_DIRS - 2;
		     p = strtok_r(NULL, ":", &save))
			if (*p)
				dirs[n++] = p;
	}
	dirs[n++] = SA_RULES_DIR;
	dirs[n] = NULL;
}

const char *const *sa_search_dirs_default(void)
{
	pthread_once(&dirs_once, dirs_read);
	return dirs;
}

static char schema[4096];
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

static void schema_read(void)
{
	const char *dir = getenv("STATIONAUDIT_SCHEMAS");

	snprintf(schema, sizeof(schema), "%s/dossier.xsd",
		 dir && *dir ? dir : SA_SCHEMAS_DIR);
}

const char *sa_schema_default(void)
{
	pthread_once(&schema_once, schema_read);
	return schema;
}
