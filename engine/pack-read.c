/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack-read.c - reading a pack's tree: what key an element stands for,
 * scalars, lists, XPaths and strings, and errors that point at the line
 * of the pack they come from.  The pack-*.c loaders build on these.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "util-internal.h"

/* ---- reading the tree ------------------------------------------------------ */

/* The key an element stands for. */
const char *sai_pack_key_of(const xmlNode *n)
{
	if (!strcmp((const char *)n->name, "_")) {
		const xmlAttr *a;

		for (a = n->properties; a; a = a->next)
			if (!strcmp((const char *)a->name, "key") &&
			    a->children)
				return (const char *)a->children->content;
	}
	return (const char *)n->name;
}

int sai_pack_is_item(const xmlNode *n)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->name, "item"))
			return 1;
	return 0;
}

/* An empty list written in the pack ("key: []"). */
int sai_pack_is_empty_list(const xmlNode *n)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->name, "empty"))
			return 1;
	return 0;
}

int sai_pack_has_children(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

sa_status sai_pack_lerr(sai_pack_loader *l, const xmlNode *n, sa_status st,
			const char *fmt, ...)
{
	char msg[SA_ERROR_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sai_error_set(l->err, st, l->std ? l->std->file : NULL,
		      n ? sai_node_line(n) : 0, n ? sai_node_column(n) : 0,
		      "%s", msg);
	if (n && l->buf)
		sai_error_set_source(l->err, l->buf, l->len, sai_node_line(n));
	return st;
}

sa_status sai_pack_nomem(sai_pack_loader *l)
{
	return sai_pack_lerr(l, NULL, SA_ERR_NOMEM, _("out of memory"));
}

/* The text of a scalar element; refuses mappings and (unless item_ok)
 * list items. */
sa_status sai_pack_scalar_ex(sai_pack_loader *l, const xmlNode *n, int item_ok,
			     char **out)
{
	xmlChar *c;

	*out = NULL;
	if (sai_pack_has_children(n) || (sai_pack_is_item(n) && !item_ok))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must be a "
				     "single value (text or number)"),
				     sai_pack_key_of(n));
	c = xmlNodeGetContent(n);
	if (!c)
		return sai_pack_nomem(l);
	*out = sai_strdup((const char *)c);
	xmlFree(c);
	return *out ? SA_OK : sai_pack_nomem(l);
}

sa_status sai_pack_scalar(sai_pack_loader *l, const xmlNode *n, char **out)
{
	return sai_pack_scalar_ex(l, n, 0, out);
}

sa_status sai_pack_nonempty_scalar(sai_pack_loader *l, const xmlNode *n,
				   char **out)
{
	sa_status st = sai_pack_scalar(l, n, out);

	if (st == SA_OK && !**out) {
		free(*out);
		*out = NULL;
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must not be "
				     "empty"), sai_pack_key_of(n));
	}
	return st;
}

/* A value or a list of values: n is the first element of the key; the
 * list's other items follow as siblings of the same key.  check (when not
 * NULL) judges each value at its element; nonempty refuses a list of no
 * value ("in: []"), which would hold nothing. */
sa_status sai_pack_list_each(sai_pack_loader *l, const xmlNode *n,
			     sai_strlist *out, const xmlNode **last,
			     int nonempty, sai_pack_item_check check)
{
	const char *key = sai_pack_key_of(n);
	const xmlNode *c = n;
	size_t had = out->count;
	sa_status st;
	char *v;

	for (; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(sai_pack_key_of(c), key) != 0)
			break;
		if (sai_pack_is_empty_list(c)) {
			*last = c;
			break;
		}
		if ((st = sai_pack_scalar_ex(l, c, 1, &v)) != SA_OK)
			return st;
		if (!sai_pack_is_item(c) && !*v) {
			free(v);
			*last = c;
			continue;
		}
		if (check && (st = check(l, c, v)) != SA_OK) {
			free(v);
			return st;
		}
		if (sai_strlist_add(out, v) < 0) {
			free(v);
			return sai_pack_nomem(l);
		}
		free(v);
		*last = c;
		if (!sai_pack_is_item(c))
			break;
	}
	if (nonempty && out->count == had)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' is an empty "
				     "list: give at least one value"), key);
	return SA_OK;
}

sa_status sai_pack_list_of(sai_pack_loader *l, const xmlNode *n,
			   sai_strlist *out, const xmlNode **last)
{
	return sai_pack_list_each(l, n, out, last, 0, NULL);
}

/* 1 when s is a path of element names from the record (staff/wechat):
 * names joined by '/', with attr the last one may be an attribute
 * (@type); nothing an XPath would compute, no '.', '..' or wildcard. */
static int plain_step(const char *s, size_t len, int at)
{
	size_t i;

	if (at && len && *s == '@') {
		s++;
		len--;
	}
	if (!len || strchr("-.0123456789", *s))
		return 0;
	for (i = 0; i < len; i++)
		if (strchr(" \t\r\n()[]=<>!|$'\",*:+@/", s[i]))
			return 0;
	return 1;
}

int sai_pack_plain_path(const char *s, int attr)
{
	const char *slash;

	for (; (slash = strchr(s, '/')); s = slash + 1)
		if (!plain_step(s, (size_t)(slash - s), 0))
			return 0;
	return plain_step(s, strlen(s), attr);
}

sa_status sai_pack_set_xpath(sai_pack_loader *l, const xmlNode *n, sai_xpath *x)
{
	sa_status st;

	if (x->src)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' given twice"),
				     sai_pack_key_of(n));
	if ((st = sai_pack_nonempty_scalar(l, n, &x->src)) != SA_OK)
		return st;
	x->file = l->std->file;
	x->owner = l->std_index + 1;
	x->line = sai_node_line(n);
	x->column = sai_node_column(n);
	return SA_OK;
}

sa_status sai_pack_set_string(sai_pack_loader *l, const xmlNode *n,
			      char **field)
{
	if (*field)
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' given twice"),
				     sai_pack_key_of(n));
	return sai_pack_nonempty_scalar(l, n, field);
}

/* A string, remembering where it was written (for later errors). */
sa_status sai_pack_set_string_at(sai_pack_loader *l, const xmlNode *n,
				 char **field, sai_where *at)
{
	at->line = sai_node_line(n);
	at->column = sai_node_column(n);
	return sai_pack_set_string(l, n, field);
}

sa_status sai_pack_set_number(sai_pack_loader *l, const xmlNode *n, double *out)
{
	char *v;
	sa_status st = sai_pack_scalar(l, n, &v);

	if (st != SA_OK)
		return st;
	if (sai_parse_number(v, out) < 0 || *out < 0)
		st = sai_pack_lerr(l, n, SA_ERR_PACK, _("'%s' must be a number "
				   "of 0 or more, not '%s'"),
				   sai_pack_key_of(n), v);
	free(v);
	return st;
}
