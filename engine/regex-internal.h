/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regex-internal.h - the project's one adapter for PCRE2.  Nothing else
 * calls pcre2_* (a meta-test enforces it).
 *
 * Patterns are compiled with PCRE2_UTF | PCRE2_UCP (\d, \w and [[:alpha:]]
 * follow Unicode, so Chinese text works), JIT-compiled where the platform
 * has it, and matched with a match limit and a depth limit so that a
 * catastrophically backtracking pattern fails instead of hanging.
 *
 * A cache maps (pattern, flags) to a compiled pattern.  The pack compiler
 * fills one shared cache at load time; each worker thread has its own
 * cache whose parent is the shared one (looked up read-only first), so that
 * the shared cache needs no lock.
 */
#ifndef SA_REGEX_INTERNAL_H
#define SA_REGEX_INTERNAL_H

#include <stddef.h>

typedef struct sai_regex sai_regex;
typedef struct sai_regex_cache sai_regex_cache;

/* Default limits: enough for any sane pattern on a dossier field. */
#define SAI_REGEX_MATCH_LIMIT 1000000u
#define SAI_REGEX_DEPTH_LIMIT 10000u

/* A compile error: a message and the 0-based byte offset in the pattern. */
typedef struct sai_regex_error {
	char message[256];
	size_t offset;
} sai_regex_error;

/* A new cache; parent (may be NULL) is searched first and never changed.
 * NULL on allocation failure. */
sai_regex_cache *sai_regex_cache_new(const sai_regex_cache *parent);
void sai_regex_cache_free(sai_regex_cache *cache);

/* The compiled pattern for (pattern, flags), compiling and caching it on
 * first use.  flags is a string of i (caseless), s (dot matches newline),
 * m (multiline), x (extended); NULL or "" for none.  Returns NULL and fills
 * *err (may be NULL) on a bad pattern or unknown flag. */
const sai_regex *sai_regex_cache_get(sai_regex_cache *cache,
				     const char *pattern, const char *flags,
				     sai_regex_error *err);

/* Matches subject (UTF-8, len bytes) against re: 1 match, 0 no match,
 * -1 error (match or depth limit hit, invalid UTF-8 in subject); on -1,
 * *why (may be NULL) points to a static English explanation.  Uses the
 * cache's match data, so one cache must not be used by two threads at
 * once. */
int sai_regex_match(sai_regex_cache *cache, const sai_regex *re,
		    const char *subject, size_t len, const char **why);

/* Replaces every match of re in subject with replacement ($1, ${name}
 * refer to groups).  Returns a malloc'd string (caller frees) or NULL on
 * error, with *why set as for sai_regex_match. */
char *sai_regex_replace(sai_regex_cache *cache, const sai_regex *re,
			const char *subject, size_t len,
			const char *replacement, const char **why);

/* The pattern text of a compiled regex. */
const char *sai_regex_pattern(const sai_regex *re);

#endif
