/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regex.c - the one PCRE2 adapter: compile with UTF and UCP, JIT where
 * possible, match under limits, cache compiled patterns.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <libxml/hash.h>

#include "regex-internal.h"
#include "util-internal.h"
#include "i18n.h"

/*
 * JIT code scans the subject with aligned vector loads that may touch the
 * bytes after its end inside the same 16-byte block (harmless, never across
 * a page), which valgrind reports as uninitialised reads in code it cannot
 * see.  Under valgrind the interpreter runs instead, so that a leak or
 * memory error report stays meaningful.
 */
#if defined(HAVE_VALGRIND_VALGRIND_H)
#include <valgrind/valgrind.h>
#elif defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* The JIT stack grows from 32 KiB up to this; the depth limit does not
 * apply to JIT code, so this bounds its memory instead. */
#define JIT_STACK_MAX (1024u * 1024u)

struct sai_regex {
	pcre2_code *code;
	char *pattern;
	uint32_t pairs;            /* capture groups + 1 */
};

struct sai_regex_cache {
	const sai_regex_cache *parent;
	xmlHashTablePtr table;     /* (pattern, flags) -> sai_regex */
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack; /* NULL without JIT */
	pcre2_match_data *md;      /* reused by every match of this cache */
	uint32_t md_pairs;
};

static void regex_free(sai_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

static void regex_free_entry(void *payload, const xmlChar *name)
{
	(void)name;
	regex_free(payload);
}

sai_regex_cache *sai_regex_cache_new(const sai_regex_cache *parent)
{
	sai_regex_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->parent = parent;
	c->table = xmlHashCreate(16);
	c->mctx = pcre2_match_context_create(NULL);
	if (!c->table || !c->mctx)
		goto fail;
	pcre2_set_match_limit(c->mctx, SAI_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(c->mctx, SAI_REGEX_DEPTH_LIMIT);
	/* NULL when the library has no JIT: patterns then run interpreted
	 * and PCRE2 ignores the JIT stack. */
	c->jit_stack = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
	if (c->jit_stack)
		pcre2_jit_stack_assign(c->mctx, NULL, c->jit_stack);
	return c;
fail:
	sai_regex_cache_free(c);
	return NULL;
}

void sai_regex_cache_free(sai_regex_cache *cache)
{
	if (!cache)
		return;
	if (cache->table)
		xmlHashFree(cache->table, regex_free_entry);
	pcre2_match_data_free(cache->md);
	pcre2_jit_stack_free(cache->jit_stack);
	pcre2_match_context_free(cache->mctx);
	free(cache);
}

static void error_fill(sai_regex_error *err, const char *message,
		       size_t offset)
{
	if (!err)
		return;
	snprintf(err->message, sizeof(err->message), "%s", message);
	err->offset = offset;
}

/* Turns a flag string into compile options and a canonical key ("imsx"
 * order, no repeats), so that "si" and "is" share one entry. */
static int parse_flags(const char *flags, uint32_t *opts, char key[5],
		       sai_regex_error *err)
{
	static const char order[] = "imsx";
	static const uint32_t bits[] = {
		PCRE2_CASELESS, PCRE2_MULTILINE, PCRE2_DOTALL, PCRE2_EXTENDED,
	};
	const char *f, *p;
	size_t i, n = 0;

	*opts = 0;
	for (f = flags ? flags : ""; *f; f++) {
		p = strchr(order, *f);
		if (!p) {
			char msg[80];

			/* Quote only ASCII: half a UTF-8 character is not
			 * text. */
			snprintf(msg, sizeof(msg), "unknown regular expression "
				 "flag '%c' (use i, s, m or x)",
				 *f > ' ' && *f < 0x7f ? *f : '?');
			error_fill(err, msg, 0);
			return -1;
		}
		*opts |= bits[p - order];
	}
	for (i = 0; i < 4; i++)
		if (*opts & bits[i])
			key[n++] = order[i];
	key[n] = '\0';
	return 0;
}

static sai_regex *regex_compile(const char *pattern, uint32_t opts,
				sai_regex_error *err)
{
	sai_regex *re = calloc(1, sizeof(*re));
	int code;
	PCRE2_SIZE offset = 0;
	uint32_t groups = 0;
	PCRE2_UCHAR msg[256];

	if (!re || !(re->pattern = sai_strdup(pattern))) {
		regex_free(re);
		error_fill(err, _("out of memory"), 0);
		return NULL;
	}
	/* \C could split a UTF-8 character and read past a subject. */
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				 opts | PCRE2_UTF | PCRE2_UCP |
				 PCRE2_NEVER_BACKSLASH_C,
				 &code, &offset, NULL);
	if (!re->code) {
		regex_free(re);
		if (pcre2_get_error_message(code, msg, sizeof(msg)) ==
		    PCRE2_ERROR_BADDATA)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		error_fill(err, (const char *)msg, offset);
		return NULL;
	}
	/* Without JIT support this fails and matching stays interpreted. */
	if (!RUNNING_ON_VALGRIND)
		(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	re->pairs = groups + 1;
	return re;
}

static sai_regex *cache_lookup(const sai_regex_cache *cache,
			       const char *pattern, const char *key)
{
	const sai_regex_cache *c;
	sai_regex *re;

	/* Parents first: they are shared between threads and only read. */
	for (c = cache->parent; c; c = c->parent) {
		re = xmlHashLookup2(c->table, (const xmlChar *)pattern,
				    (const xmlChar *)key);
		if (re)
			return re;
	}
	return xmlHashLookup2(cache->table, (const xmlChar *)pattern,
			      (const xmlChar *)key);
}

const sai_regex *sai_regex_cache_get(sai_regex_cache *cache,
				     const char *pattern, const char *flags,
				     sai_regex_error *err)
{
	uint32_t opts;
	char key[5];
	sai_regex *re;

	error_fill(err, "", 0);
	if (!cache || !pattern) {
		error_fill(err, _("no pattern"), 0);
		return NULL;
	}
	if (parse_flags(flags, &opts, key, err) < 0)
		return NULL;
	re = cache_lookup(cache, pattern, key);
	if (re)
		return re;
	re = regex_compile(pattern, opts, err);
	if (!re)
		return NULL;
	if (xmlHashAddEntry2(cache->table, (const xmlChar *)pattern,
			     (const xmlChar *)key, re) < 0) {
		regex_free(re);
		error_fill(err, _("out of memory"), 0);
		return NULL;
	}
	return re;
}

const char *sai_regex_pattern(const sai_regex *re)
{
	return re ? re->pattern : NULL;
}

/* The cache's match data, grown to hold every group of re. */
static pcre2_match_data *match_data(sai_regex_cache *cache,
				    const sai_regex *re)
{
	pcre2_match_data *md;

	if (cache->md && cache->md_pairs >= re->pairs)
		return cache->md;
	md = pcre2_match_data_create(re->pairs, NULL);
	if (!md)
		return NULL;
	pcre2_match_data_free(cache->md);
	cache->md = md;
	cache->md_pairs = re->pairs;
	return md;
}

/* A static English explanation of a negative PCRE2 result. */
static const char *match_problem(int rc)
{
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		return _("the text is not valid UTF-8");
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		return _("the regular expression hit its match limit (it "
		       "backtracks too much on this text; simplify it)");
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return _("the regular expression hit its depth limit (it nests "
		       "too deeply on this text; simplify it)");
	case PCRE2_ERROR_NOMEMORY:
		return _("out of memory while matching a regular expression");
	case PCRE2_ERROR_BADREPLACEMENT:
	case PCRE2_ERROR_BADREPESCAPE:
	case PCRE2_ERROR_REPMISSINGBRACE:
	case PCRE2_ERROR_BADSUBSTITUTION:
	case PCRE2_ERROR_BADSUBSPATTERN:
	case PCRE2_ERROR_NOSUBSTRING:
	case PCRE2_ERROR_UNSET:
	case PCRE2_ERROR_UNAVAILABLE:
		return _("the replacement refers to a group the regular "
		       "expression does not have, or has a bad $ escape");
	default:
		return _("the regular expression could not be matched");
	}
}

int sai_regex_match(sai_regex_cache *cache, const sai_regex *re,
		    const char *subject, size_t len, const char **why)
{
	pcre2_match_data *md;
	int rc;

	if (!cache || !re) {
		if (why)
			*why = _("no regular expression");
		return -1;
	}
	md = match_data(cache, re);
	if (!md) {
		if (why)
			*why = match_problem(PCRE2_ERROR_NOMEMORY);
		return -1;
	}
	rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""),
			 subject ? len : 0, 0, 0, md, cache->mctx);
	/* 0 means the ovector was too small: still a match. */
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (why)
		*why = match_problem(rc);
	return -1;
}

/* One pcre2_substitute call into out (size *outlen); see its manual. */
static int substitute(sai_regex_cache *cache, const sai_regex *re,
		      pcre2_match_data *md, const char *subject, size_t len,
		      const char *replacement, char *out, PCRE2_SIZE *outlen)
{
	return pcre2_substitute(re->code, (PCRE2_SPTR)subject, len, 0,
				PCRE2_SUBSTITUTE_GLOBAL |
				PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
				md, cache->mctx, (PCRE2_SPTR)replacement,
				PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out,
				outlen);
}

char *sai_regex_replace(sai_regex_cache *cache, const sai_regex *re,
			const char *subject, size_t len,
			const char *replacement, const char **why)
{
	pcre2_match_data *md;
	PCRE2_SIZE outlen;
	char *out = NULL;
	int rc = PCRE2_ERROR_NOMEMORY;

	if (!cache || !re) {
		if (why)
			*why = _("no regular expression");
		return NULL;
	}
	if (!subject) {
		subject = "";
		len = 0;
	}
	if (!replacement)
		replacement = "";
	md = match_data(cache, re);
	/* First guess: the subject's length; a too small buffer makes PCRE2
	 * report the length it needs, and the second call fits. */
	outlen = len + 1;
	if (!md || !(out = malloc(outlen)))
		goto fail;
	rc = substitute(cache, re, md, subject, len, replacement, out, &outlen);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		free(out);
		if (!(out = malloc(outlen)))
			goto fail;
		rc = substitute(cache, re, md, subject, len, replacement, out,
				&outlen);
	}
	if (rc < 0)
		goto fail;
	return out;
fail:
	free(out);
	if (why)
		*why = match_problem(rc);
	return NULL;
}
