/* SPDX-License-Identifier: Apache-2.0 */
/*
 * division.c - the names of a statistical division code, from the
 * division tables a pack declares (base: provinces, cities, counties,
 * townships; villages when a pack adds that table).
 */
#include "config.h"

#include <string.h>

#include "division-internal.h"
#include "pack-internal.h"
#include "refs-internal.h"
#include "banned.h"
#include "i18n.h"

/* The name of the first len digits of code in table, or NULL. */
static const char *name_of(const sa_pack *pack, const char *table,
			   const char *code, size_t len)
{
	char key[16];

	memcpy(key, code, len);
	key[len] = '\0';
	return sai_refs_field(pack->refs, table, key, "name");
}

static int all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Whether a village code can be in the tables: its row is there (its
 * name, when the table has names, goes to out), or the bundled villages
 * do not cover its township (base bundles only some areas' villages:
 * village_townships lists the townships whose villages are complete). */
static int village_known(const sa_pack *pack, const char *code,
			 sa_division *out)
{
	char township[10];

	if (sai_refs_contains(pack->refs, "villages", code)) {
		out->village = sai_refs_field(pack->refs, "villages", code,
					      "name");
		return 1;
	}
	memcpy(township, code, 9);
	township[9] = '\0';
	return !sai_refs_has(pack->refs, "villages") ||
	       (sai_refs_has(pack->refs, "village_townships") &&
		!sai_refs_contains(pack->refs, "village_townships", township));
}

sa_status sa_pack_division(const sa_pack *pack, const char *code,
			   sa_division *out, sa_error *err)
{
	size_t len = code ? strlen(code) : 0;

	memset(out, 0, sizeof(*out));
	if ((len != 9 && len != 12) || !all_digits(code))
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("'%s' is not a township (9 digits) or "
				     "village (12 digits) division code"),
				     code ? code : "");
	if (!pack->compiled || !pack->refs ||
	    !sai_refs_has(pack->refs, "townships"))
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the standards have no division tables "
				     "(a compiled pack that extends base)"));
	out->province = name_of(pack, "provinces", code, 2);
	out->city = name_of(pack, "cities", code, 4);
	out->county = name_of(pack, "counties", code, 6);
	out->township = name_of(pack, "townships", code, 9);
	if (!out->township || (len == 12 && !village_known(pack, code, out)))
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("division code %s is not in the division "
				     "tables"), code);
	return SA_OK;
}

/* ---- the units township coverage counts ------------------------------- */

/* The value of parameter name, or NULL when the pack does not declare it. */
static const char *param_value(const sa_pack *pack, const char *name)
{
	size_t i;

	for (i = 0; i < sa_pack_param_count(pack); i++) {
		const sa_param_info *p = sa_pack_param(pack, i);

		if (p && p->name && !strcmp(p->name, name))
			return p->value;
	}
	return NULL;
}

/* Whether code is a word of the space-separated list. */
static int listed(const char *list, const char *code)
{
	size_t len = strlen(code);
	const char *p;

	for (p = list; p && (p = strstr(p, code)); p += len)
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

/* The coverage pack's for-each, in C: 001-399, or similar units counted
 * all together or one by one.  code: 9 digits, not NUL-terminated. */
static int counted(const char *code, int similar, const char *extra)
{
	int unit = (code[6] - '0') * 100 + (code[7] - '0') * 10 +
		   (code[8] - '0');
	char copy[10];

	if (unit < 400 || similar)
		return 1;
	memcpy(copy, code, 9);
	copy[9] = '\0';
	return listed(extra, copy);
}

static int nine_digits(const char *key)
{
	size_t i;

	for (i = 0; i < 9; i++)
		if (key[i] < '0' || key[i] > '9')
			return 0;
	return 1;
}

/* What sai_division_each_counted passes to each key. */
typedef struct counting {
	const char *provinces;  /* 2-digit codes back to back, or NULL */
	int all;                /* coverage_similar_units */
	const char *extra;      /* coverage_extra_units */
	void (*fn)(const char *code, void *arg);
	void *arg;
	long n;
} counting;

/* Whether key is in one of the provinces (NULL: all). */
static int in_provinces(const char *provinces, const char *key)
{
	const char *p;

	for (p = provinces; p && p[0] && p[1]; p += 2)
		if (p[0] == key[0] && p[1] == key[1])
			return 1;
	return !provinces;
}

/* Called 40,000 times a report: the province first, no copy unless a
 * 400-599 unit. */
static void count_key(const char *key, size_t len, void *arg)
{
	counting *c = arg;

	if (len != 9 || !in_provinces(c->provinces, key) ||
	    !nine_digits(key) || !counted(key, c->all, c->extra))
		return;
	c->fn(key, c->arg);
	c->n++;
}

long sai_division_each_counted(const sa_pack *pack, const char *provinces,
			       void (*fn)(const char *code, void *arg),
			       void *arg)
{
	const char *similar;
	counting c = { provinces, 0, NULL, fn, arg, 0 };

	if (!pack || !pack->compiled || !pack->refs ||
	    !sai_refs_has(pack->refs, "townships"))
		return -1;
	similar = param_value(pack, "coverage_similar_units");
	c.all = similar && !strcmp(similar, "true");
	c.extra = param_value(pack, "coverage_extra_units");
	if (sai_refs_each_key(pack->refs, "townships", count_key, &c) < 0)
		return -1;
	return c.n;
}
