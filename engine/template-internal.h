/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template-internal.h - message templates, compiled once at pack load.
 *
 *   "{name} 的全职社工 {count} 名, 少于 {$min_full_time} 名"
 *
 * {XPATH} is evaluated from the record (its string value); {$param} is the
 * parameter's effective value; {actual} {expected} {count} {total}
 * {missing} {id} {path} {title} are the finding's own values; {{ and }}
 * are literal braces.
 */
#ifndef SA_TEMPLATE_INTERNAL_H
#define SA_TEMPLATE_INTERNAL_H

#include <libxml/xpath.h>
#include "stationaudit.h"
#include "util-internal.h"
#include "xpfunc-internal.h"

typedef struct sai_template sai_template;

/* The finding's values a template may show; any may be NULL. */
typedef struct sai_template_vars {
	const char *actual, *expected, *count, *total, *missing;
	const char *id, *path, *title;
	/* When set, an {XPATH} that selects a node for which personal()
	 * says 1 (personal data, or a node holding some) is shown masked
	 * whole, whatever its shape. */
	int (*personal)(void *data, xmlNodePtr node);
	void *personal_data;
	/* When set, evaluates each {XPATH} in place of libxml2 (so that
	 * the caller charges its steps to a budget): its value, or NULL
	 * with *why saying why there is none (NULL *why: memory ran out).
	 * A placeholder without a value shows that it has none and why. */
	xmlXPathObjectPtr (*eval)(void *data, xmlXPathCompExprPtr comp,
				  const char **why);
	void *eval_data;
} sai_template_vars;

/* Compiles src; errors name file/line/column (the template's place in the
 * pack).  param_value looks a parameter up by name (NULL: unknown). */
sa_status sai_template_compile(const char *src,
			       const char *(*param_value)(const void *data,
							  const char *name),
			       const void *data, const char *file,
			       unsigned long line, unsigned long column,
			       sai_template **out, sa_error *err);

/* Appends the rendered text to out.  ctx's node is the record.  The text
 * is bounded: past SAI_TEMPLATE_MAX bytes it is cut (at a character) and
 * the rest not rendered.  Returns 0, 1 when cut, -1 when memory ran out
 * (out->failed, or an {XPATH}'s value could not be made). */
#define SAI_TEMPLATE_MAX SAI_XPATH_BUILD_MAX
int sai_template_render(const sai_template *t, xmlXPathContextPtr ctx,
			const sai_template_vars *vars, sai_strbuf *out);

/* The source of the i'th {XPATH} placeholder of t (t owns it), or NULL
 * past the last: the pack checks their functions and variables as it
 * checks a rule's own expressions. */
const char *sai_template_xpath(const sai_template *t, size_t i);

void sai_template_free(sai_template *t);

#endif
