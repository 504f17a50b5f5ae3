/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template.c - message templates: literal text, {XPATH}, {$param} and the
 * finding's own values.
 */
#include "config.h"

#include <string.h>

#include <libxml/xpathInternals.h>

#include "template-internal.h"
#include "i18n.h"

typedef enum seg_kind { SEG_TEXT, SEG_XPATH, SEG_VAR } seg_kind;

enum var_slot { V_ACTUAL, V_EXPECTED, V_COUNT, V_TOTAL, V_MISSING, V_ID,
		V_PATH, V_TITLE };

typedef struct segment {
	seg_kind kind;
	char *text;                 /* SEG_TEXT: the text; SEG_XPATH: src */
	xmlXPathCompExprPtr comp;
	int slot;
} segment;

struct sai_template {
	segment *segs;
	size_t n;
};

static const char *const slot_names[] = {
	"actual", "expected", "count", "total", "missing", "id", "path",
	"title", NULL,
};

void sai_template_free(sai_template *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->segs[i].text);
		if (t->segs[i].comp)
			xmlXPathFreeCompExpr(t->segs[i].comp);
	}
	free(t->segs);
	free(t);
}

const char *sai_template_xpath(const sai_template *t, size_t i)
{
	size_t k;

	for (k = 0; t && k < t->n; k++)
		if (t->segs[k].kind == SEG_XPATH && i-- == 0)
			return t->segs[k].text;
	return NULL;
}

static segment *add_seg(sai_template *t, seg_kind kind, const char *s,
			size_t len)
{
	segment *p = realloc(t->segs, (t->n + 1) * sizeof(*p));

	if (!p)
		return NULL;
	t->segs = p;
	p = &t->segs[t->n];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->text = sai_strndup(s, len);
	if (!p->text)
		return NULL;
	t->n++;
	return p;
}

/* Adds literal text, merging with a preceding text segment. */
static int add_text(sai_template *t, const char *s, size_t len)
{
	segment *last = t->n ? &t->segs[t->n - 1] : NULL;

	if (len == 0)
		return 0;
	if (last && last->kind == SEG_TEXT) {
		size_t old = strlen(last->text);
		char *p = realloc(last->text, old + len + 1);

		if (!p)
			return -1;
		memcpy(p + old, s, len);
		p[old + len] = '\0';
		last->text = p;
		return 0;
	}
	return add_seg(t, SEG_TEXT, s, len) ? 0 : -1;
}

typedef struct tpl_ctx {
	const char *(*param_value)(const void *, const char *);
	const void *data;
	const char *file;
	unsigned long line, column;
	const char *src;
} tpl_ctx;

static sa_status tpl_error(const tpl_ctx *c, size_t at, const char *what,
			   const char *arg, sa_error *err)
{
	return sai_error_set(err, SA_ERR_PACK, c->file, c->line, c->column,
			     _("message template, at character %zu: %s%s "
			     "(template: \"%s\")"), at + 1, what, arg ? arg : "",
			     c->src);
}

static void ignore_error(void *data, xmlErrorPtr e)
{
	(void)data;
	(void)e;
}

/* Compiles an expression without libxml2 printing its complaint: the
 * caller reports the error with the pack's place. */
static xmlXPathCompExprPtr compile_quietly(const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(NULL);
	xmlXPathCompExprPtr comp;

	if (!ctx)
		return NULL;
	ctx->error = ignore_error;
	comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)expr);
	xmlXPathFreeContext(ctx);
	return comp;
}

/* One {...} placeholder: its inside is s[0..len). */
static sa_status add_placeholder(sai_template *t, const tpl_ctx *c,
				 const char *s, size_t len, size_t at,
				 sa_error *err)
{
	char *inner = sai_strndup(s, len);
	const char *v;
	segment *seg;
	int i;
	sa_status st = SA_OK;

	if (!inner)
		return sai_error_set(err, SA_ERR_NOMEM, c->file, 0, 0,
				     _("out of memory"));
	/* {$name} is a parameter's value; anything longer ({$records/..})
	 * is an XPath like any other. */
	if (inner[0] == '$' && inner[1 + strspn(inner + 1,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")]
	    == '\0') {
		v = c->param_value(c->data, inner + 1);
		if (!v)
			st = tpl_error(c, at, _("unknown parameter $"), inner + 1,
				       err);
		else if (add_text(t, v, strlen(v)) < 0)
			st = SA_ERR_NOMEM;
		goto out;
	}
	for (i = 0; slot_names[i]; i++) {
		if (!strcmp(inner, slot_names[i])) {
			seg = add_seg(t, SEG_VAR, inner, len);
			if (!seg)
				st = SA_ERR_NOMEM;
			else
				seg->slot = i;
			goto out;
		}
	}
	seg = add_seg(t, SEG_XPATH, inner, len);
	if (!seg) {
		st = SA_ERR_NOMEM;
		goto out;
	}
	seg->comp = compile_quietly(inner);
	if (!seg->comp)
		st = tpl_error(c, at, _("not a valid XPath expression: "), inner,
			       err);
out:
	free(inner);
	if (st == SA_ERR_NOMEM)
		sai_error_set(err, st, c->file, 0, 0, _("out of memory"));
	return st;
}

sa_status sai_template_compile(const char *src,
			       const char *(*param_value)(const void *data,
							  const char *name),
			       const void *data, const char *file,
			       unsigned long line, unsigned long column,
			       sai_template **out, sa_error *err)
{
	tpl_ctx c = { param_value, data, file, line, column, src };
	sai_template *t = calloc(1, sizeof(*t));
	const char *p = src, *close;
	sa_status st = SA_OK;

	*out = NULL;
	if (!t)
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	while (*p && st == SA_OK) {
		size_t lit = strcspn(p, "{}");

		if (add_text(t, p, lit) < 0)
			goto nomem;
		p += lit;
		if (!*p)
			break;
		if (p[0] == p[1]) {
			if (add_text(t, p, 1) < 0)
				goto nomem;
			p += 2;
			continue;
		}
		if (*p == '}') {
			st = tpl_error(&c, (size_t)(p - src), _("a lone '}' "
				       "(write }} for a brace)"), NULL, err);
			break;
		}
		close = strchr(p + 1, '}');
		if (!close || close == p + 1) {
			st = tpl_error(&c, (size_t)(p - src), close ?
				       _("an empty {}") : _("'{' without '}'"),
				       NULL, err);
			break;
		}
		st = add_placeholder(t, &c, p + 1, (size_t)(close - p - 1),
				     (size_t)(p - src), err);
		p = close + 1;
	}
	if (st != SA_OK) {
		sai_template_free(t);
		return st;
	}
	*out = t;
	return SA_OK;
nomem:
	sai_template_free(t);
	return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0, _("out of memory"));
}

static const char *slot_value(const sai_template_vars *v, int slot)
{
	const char *const vals[] = {
		v->actual, v->expected, v->count, v->total, v->missing, v->id,
		v->path, v->title,
	};

	return (slot >= 0 && slot < (int)(sizeof(vals) / sizeof(vals[0]))) ?
		vals[slot] : NULL;
}

/* 1 when the nodes o selects are, hold or are inside personal data. */
static int selects_personal(const sai_template_vars *vars,
			    xmlXPathObjectPtr o)
{
	int i;

	if (!vars || !vars->personal || o->type != XPATH_NODESET ||
	    !o->nodesetval)
		return 0;
	for (i = 0; i < o->nodesetval->nodeNr; i++)
		if (vars->personal(vars->personal_data,
				   o->nodesetval->nodeTab[i]))
			return 1;
	return 0;
}

/* Cuts out back to at most n bytes (not below start), at the start of a
 * UTF-8 character. */
static void cut_at(sai_strbuf *out, size_t start, size_t n)
{
	while (n > start && ((unsigned char)out->buf[n] & 0xc0) == 0x80)
		n--;
	out->len = n;
	out->buf[n] = '\0';
}

/* Appends one {XPATH}'s value, or when it has none a mark that says
 * so and why (never nothing: "A{..}B" must not read "AB", nor an empty
 * message the rule's title); -1 when memory ran out. */
static int render_xpath(const segment *s, xmlXPathContextPtr ctx,
			const sai_template_vars *vars, sai_strbuf *out)
{
	xmlXPathObjectPtr o;
	xmlChar *str;
	const char *why = _("the expression could not be evaluated");
	int nomem;

	if (vars && vars->eval) {
		o = vars->eval(vars->eval_data, s->comp, &why);
	} else {
		ctx->opCount = 0;
		o = xmlXPathCompiledEval(s->comp, ctx);
	}
	if (!o && !why)
		return -1;
	if (!o) {
		sai_strbuf_addf(out, _("{%s: no value: %s}"), s->text, why);
		return 0;
	}
	str = xmlXPathCastToString(o);
	nomem = o && !str;
	if (str && str[0] && selects_personal(vars, o))
		sai_mask_all((const char *)str, out);
	else
		sai_strbuf_adds(out, str ? (const char *)str : "");
	xmlFree(str);
	xmlXPathFreeObject(o);
	return nomem ? -1 : 0;
}

int sai_template_render(const sai_template *t, xmlXPathContextPtr ctx,
			const sai_template_vars *vars, sai_strbuf *out)
{
	size_t i, start = out->len, cap = SAI_TEMPLATE_MAX;
	int rc = 0;

	for (i = 0; t && i < t->n && rc == 0; i++) {
		const segment *s = &t->segs[i];
		const char *v;

		switch (s->kind) {
		case SEG_TEXT:
			sai_strbuf_adds(out, s->text);
			break;
		case SEG_VAR:
			v = vars ? slot_value(vars, s->slot) : NULL;
			sai_strbuf_adds(out, v ? v : "");
			break;
		case SEG_XPATH:
			rc = render_xpath(s, ctx, vars, out);
			break;
		}
		if (out->failed)
			rc = -1;
		else if (out->len - start > cap) {
			cut_at(out, start, start + cap);
			rc = 1;
		}
	}
	return rc;
}
