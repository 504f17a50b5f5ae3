/* SPDX-License-Identifier: Apache-2.0 */
/*
 * contract.c - the dossier contract: validating a record against
 * schemas/dossier.xsd and rewriting libxml2's violations (English, in the
 * schema's terms) as findings in the user's terms: the field as written in
 * the dossier, the names or codes allowed there, the nearest of them.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "contract-internal.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "xmlreader-internal.h"
#include "i18n.h"
#include "libmsg-internal.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define MAX_ROUNDS 32          /* re-validations after unknown elements */
#define ROUNDS_MS 2000         /* and the time they may take a record */
#define MAX_SHOWN 120          /* bytes of a value quoted in a message */

/* The contract as plain tables, for the quick proof that a record is
 * valid (see quick_valid): libxml2's validation allocates for every
 * element and costs more than the rules of a small pack. */
enum { Q_OBJECT, Q_TEXT, Q_BOOL, Q_DATE, Q_INT, Q_NUM, Q_CODE, Q_ENUM };

typedef struct qtype qtype;
typedef struct qfield {
	const char *name;
	const qtype *type;
	int list;                  /* sa:list="true": it may repeat */
} qfield;
struct qtype {
	const char *name;          /* the complexType's, in the XSD tree */
	int kind;
	const char **values;       /* Q_ENUM: the codes, "" among them */
	size_t n_values;
	qfield *fields;            /* Q_OBJECT */
	size_t n_fields;
};

struct sai_contract {
	void *schema;              /* xmlSchemaPtr, shared read-only */
	xmlDocPtr xsd;             /* the schema's tree, for the messages */
	qtype *types;              /* NULL: no quick proof (an XSD of
				    * another shape, given with --schema) */
	size_t n_types;
	const qtype *root;
};

static int quick_build(sai_contract *c);
static void quick_free(sai_contract *c);

/* An element set aside while validating, and where it goes back. */
typedef struct aside {
	xmlNodePtr node, parent, next;
} aside;

typedef struct found {
	const xmlNode *node;
	size_t msg, actual, expected;  /* offsets into text */
	size_t seq;
	int repeated;                  /* see sai_violation */
} found;

struct sai_contract_check {
	const sai_contract *c;
	xmlSchemaValidCtxtPtr ctx;
	const char *const *extra;
	size_t n_extra;
	int en;
	aside *aside;
	size_t n_aside, cap_aside;
	xmlNodePtr *pending;       /* unknown elements of this round */
	size_t n_pending, cap_pending;
	found *found;
	size_t n_found, cap_found, max;
	sai_violation *out;
	sai_strbuf text;           /* the messages, NUL-separated */
	sai_strbuf sb;
	int nomem;
};

/* ---- loading ---------------------------------------------------------- */

static int is_xs(const xmlNode *n, const char *local);
static const char *prop(const xmlNode *n, const char *name);

/* A particle's occurrence range: 1 if it may repeat (maxOccurs other
 * than 0 and 1), 2 if it counts (minOccurs or maxOccurs a number above
 * 1): libxml2 turns a count into an automaton counter. */
enum { OCC_REPEATS = 1, OCC_COUNTED = 2 };

static int occurrence(const xmlNode *n)
{
	const char *min = prop(n, "minOccurs"), *max = prop(n, "maxOccurs");
	int f = 0;

	if (max && !strcmp(max, "unbounded"))
		f |= OCC_REPEATS;
	else if (max && strtoul(max, NULL, 10) > 1)
		f |= OCC_REPEATS | OCC_COUNTED;
	if (min && strtoul(min, NULL, 10) > 1)
		f |= OCC_COUNTED;
	return f;
}

static int is_group(const xmlNode *n)
{
	return is_xs(n, "sequence") || is_xs(n, "choice") ||
	       is_xs(n, "all");
}

static int is_particle(const xmlNode *n)
{
	return is_group(n) || is_xs(n, "element") || is_xs(n, "any") ||
	       is_xs(n, "group");
}

/* The global xs:group that a reference names, or NULL. */
static const xmlNode *group_named(const xmlDoc *doc, const char *ref)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *n;
	const char *colon = strchr(ref, ':');
	const char *name;

	if (colon)
		ref = colon + 1;
	for (n = root ? root->children : NULL; n; n = n->next)
		if (is_xs(n, "group") && (name = prop(n, "name")) &&
		    !strcmp(name, ref))
			return n;
	return NULL;
}

/* The first particle under a model group that counts inside a repeated
 * one, or repeats inside a counted one (outer: the flags around it). */
static const xmlNode *nested_count(const xmlDoc *doc, const xmlNode *g,
				   int outer, int depth)
{
	const xmlNode *n, *bad, *def;
	const char *ref;
	int f;

	if (depth > 32)
		return g;
	for (n = g->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !is_particle(n))
			continue;
		f = occurrence(n);
		if (((f & OCC_COUNTED) && (outer & OCC_REPEATS)) ||
		    ((f & OCC_REPEATS) && (outer & OCC_COUNTED)))
			return n;
		if (is_group(n))
			bad = nested_count(doc, n, outer | f, depth + 1);
		else if (is_xs(n, "group") && (ref = prop(n, "ref")) &&
			 (def = group_named(doc, ref)))
			bad = nested_count(doc, def, outer | f, depth + 1);
		else
			bad = NULL;
		if (bad)
			return bad;
	}
	return NULL;
}

/* libxml2 validates a content model whose counted ranges nest (a
 * sequence 0..2 of choices 0..2 ...) by backtracking over every way to
 * count: seconds to minutes for a record of ten elements.  Such a
 * schema is refused, before libxml2 compiles it. */
static sa_status shape_check(const char *xsd, const xmlNode *n,
			     const xmlDoc *doc, sa_error *err)
{
	const xmlNode *bad;
	sa_status st;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_particle(n) && !(n->parent && is_group(n->parent)) &&
		    (bad = nested_count(doc, n, occurrence(n), 0))) {
			sai_error_set(err, SA_ERR_USAGE, xsd,
				      (int)xmlGetLineNo(bad), 0,
				      _("a counted occurrence range "
					"(minOccurs or maxOccurs above 1) "
					"nested in a repeated group, or a "
					"repeat in a counted one: such a "
					"content model cannot be validated "
					"in bounded time"));
			sai_error_read_source(err);
			return SA_ERR_USAGE;
		}
		if ((st = shape_check(xsd, n->children, doc, err)) != SA_OK)
			return st;
	}
	return SA_OK;
}

sa_status sai_contract_load(const char *xsd, sai_contract **out,
			    sa_error *err)
{
	sai_contract *c = calloc(1, sizeof(*c));
	sa_status st;

	*out = NULL;
	if (!c)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	if ((st = sai_xml_read_tree(xsd, &c->xsd, err)) != SA_OK ||
	    (st = shape_check(xsd, xmlDocGetRootElement(c->xsd), c->xsd,
			      err)) != SA_OK ||
	    (st = sai_xml_schema_load(xsd, &c->schema, err)) != SA_OK) {
		sai_contract_free(c);
		return st;
	}
	if (quick_build(c) < 0)
		quick_free(c);
	*out = c;
	return SA_OK;
}

void sai_contract_free(sai_contract *c)
{
	if (!c)
		return;
	quick_free(c);
	sai_xml_schema_free(c->schema);
	if (c->xsd)
		xmlFreeDoc(c->xsd);
	free(c);
}

/* ---- the schema's tree ------------------------------------------------- */

static int is_xs(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       !strcmp((const char *)n->ns->href, XS_NS) &&
	       !strcmp((const char *)n->name, local);
}

/* An attribute's value, in the tree (no copy), or NULL. */
static const char *prop(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n ? n->properties : NULL; a; a = a->next)
		if (!a->ns && !strcmp((const char *)a->name, name))
			return a->children && a->children->content ?
				(const char *)a->children->content : "";
	return NULL;
}

/* A field declaration marked sa:list="true": the field may repeat (a
 * YAML list, repeated XML elements); any other takes one value. */
static int is_list(const xmlNode *decl)
{
	const xmlAttr *a;

	for (a = decl->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->ns->href, SAI_TREE_NS) &&
		    !strcmp((const char *)a->name, "list"))
			return a->children && a->children->content &&
			       !strcmp((const char *)a->children->content,
				       "true");
	return 0;
}

static const xmlNode *xs_child(const xmlNode *n, const char *local)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is_xs(n, local))
			return n;
	return NULL;
}

/* The schema's global component of a kind ("element", "complexType",
 * "simpleType") named name. */
static const xmlNode *global(const sai_contract *c, const char *kind,
			     const char *name)
{
	const xmlNode *n = xmlDocGetRootElement(c->xsd);
	const char *nn;

	for (n = n && name ? n->children : NULL; n; n = n->next)
		if (is_xs(n, kind) && (nn = prop(n, "name")) &&
		    !strcmp(nn, name))
			return n;
	return NULL;
}

static const xmlNode *complex_of(const sai_contract *c, const xmlNode *decl)
{
	return decl ? global(c, "complexType", prop(decl, "type")) : NULL;
}

/* The declaration of a record element, found from the root down. */
static const xmlNode *decl_of(const sai_contract *c, const xmlNode *el)
{
	const xmlNode *choice, *d;
	const char *name = (const char *)el->name, *dn;

	if (el->ns)        /* the format's fields have no namespace */
		return NULL;
	if (!el->parent || el->parent->type != XML_ELEMENT_NODE)
		return global(c, "element", name);
	choice = xs_child(complex_of(c, decl_of(c, el->parent)), "choice");
	for (d = choice ? choice->children : NULL; d; d = d->next)
		if (is_xs(d, "element") && (dn = prop(d, "name")) &&
		    !strcmp(dn, name))
			return d;
	return NULL;
}

/* The simple type of a value field, or NULL for text (xs:string) and
 * for fields that hold fields. */
static const xmlNode *simple_of(const sai_contract *c, const xmlNode *ct)
{
	const xmlNode *ext = xs_child(xs_child(ct, "simpleContent"),
				      "extension");

	return ext ? global(c, "simpleType", prop(ext, "base")) : NULL;
}

static int holds_fields(const xmlNode *ct)
{
	return xs_child(ct, "choice") != NULL;
}

/* The xs:documentation of a component in the language, or "". */
static const char *doc_of(const xmlNode *n, int en)
{
	const xmlNode *ann = xs_child(n, "annotation"), *d;

	for (d = ann ? ann->children : NULL; d; d = d->next) {
		xmlChar *lang;
		int match;

		if (!is_xs(d, "documentation"))
			continue;
		lang = xmlNodeGetLang(d);
		match = lang && !strcmp((const char *)lang, en ? "en" : "zh");
		xmlFree(lang);
		if (match && d->children && d->children->content)
			return (const char *)d->children->content;
	}
	return "";
}

/* The names of a complex type's fields, or the codes of a simple type
 * (without the empty one), at most max; returns how many. */
static size_t names_of(const xmlNode *ct, const char **out, size_t max,
		       const xmlNode **docs)
{
	const xmlNode *n, *holder;
	size_t k = 0;

	holder = holds_fields(ct) ? xs_child(ct, "choice") :
		xs_child(ct, "restriction");
	for (n = holder ? holder->children : NULL; n && k < max; n = n->next) {
		const char *v = is_xs(n, "element") ? prop(n, "name") :
			is_xs(n, "enumeration") ? prop(n, "value") : NULL;

		if (v && *v) {
			if (docs)
				docs[k] = n;
			out[k++] = v;
		}
	}
	return k;
}

/* ---- the quick proof --------------------------------------------------- */

static void quick_free(sai_contract *c)
{
	size_t i;

	for (i = 0; c->types && i < c->n_types; i++) {
		free(c->types[i].values);
		free(c->types[i].fields);
	}
	free(c->types);
	c->types = NULL;
	c->root = NULL;
}

static const qtype *quick_type(const sai_contract *c, const char *name)
{
	size_t i;

	for (i = 0; name && i < c->n_types; i++)
		if (!strcmp(c->types[i].name, name))
			return &c->types[i];
	return NULL;
}

/* The scalar kinds by their simple type's name (schemas/dossier.xsd). */
static int scalar_kind(const char *base)
{
	static const struct { const char *name; int kind; } k[] = {
		{ "xs:string", Q_TEXT }, { "t-bool", Q_BOOL },
		{ "t-date", Q_DATE }, { "t-int", Q_INT }, { "t-num", Q_NUM },
		{ "t-code", Q_CODE },
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(*k); i++)
		if (!strcmp(base, k[i].name))
			return k[i].kind;
	return -1;
}

/* One type's kind, codes or fields; -1 when it is of a shape the quick
 * proof does not know (then libxml2 alone decides). */
static int quick_fill(sai_contract *c, qtype *t, const xmlNode *ct)
{
	const xmlNode *ext = xs_child(xs_child(ct, "simpleContent"),
				      "extension");
	const xmlNode *choice = xs_child(ct, "choice"), *n, *st, *res;
	size_t max = 0;

	if (choice) {
		t->kind = Q_OBJECT;
		for (n = choice->children; n; n = n->next)
			max++;
		if (!(t->fields = calloc(max + 1, sizeof(*t->fields))))
			return -1;
		for (n = choice->children; n; n = n->next) {
			qfield *f = &t->fields[t->n_fields++];

			if (!is_xs(n, "element") || !(f->name = prop(n, "name")) ||
			    !(f->type = quick_type(c, prop(n, "type"))))
				return -1;
			f->list = is_list(n);
		}
		return 0;
	}
	if (!ext || !prop(ext, "base"))
		return -1;
	if ((t->kind = scalar_kind(prop(ext, "base"))) >= 0)
		return 0;
	st = global(c, "simpleType", prop(ext, "base"));
	res = xs_child(st, "restriction");
	if (!res || !prop(res, "base") || strcmp(prop(res, "base"), "xs:string"))
		return -1;
	t->kind = Q_ENUM;
	for (n = res->children; n; n = n->next)
		max++;
	if (!(t->values = calloc(max + 1, sizeof(*t->values))))
		return -1;
	for (n = res->children; n; n = n->next)
		if (!is_xs(n, "enumeration") ||
		    !(t->values[t->n_values++] = prop(n, "value")))
			return -1;
	return 0;
}

static int quick_build(sai_contract *c)
{
	const xmlNode *root = xmlDocGetRootElement(c->xsd), *n;
	size_t k = 0;

	for (n = root ? root->children : NULL; n; n = n->next)
		k += is_xs(n, "complexType") && prop(n, "name");
	if (!(c->types = calloc(k + 1, sizeof(*c->types))))
		return -1;
	for (n = root ? root->children : NULL; n; n = n->next)
		if (is_xs(n, "complexType") && prop(n, "name"))
			c->types[c->n_types++].name = prop(n, "name");
	for (k = 0, n = root ? root->children : NULL; n; n = n->next)
		if (is_xs(n, "complexType") && prop(n, "name") &&
		    quick_fill(c, &c->types[k++], n) < 0)
			return -1;
	c->root = quick_type(c, prop(global(c, "element", "station"), "type"));
	return c->root ? 0 : -1;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* YYYY-MM-DD, a real day of a year from 1000 on. */
static int plain_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2) || s[0] == '0')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 || y % 400 == 0));
}

/* -12.5, 85, 0.95: a decimal written plainly. */
static int plain_number(const char *s)
{
	const char *dot;
	size_t n;

	s += *s == '-';
	dot = strchr(s, '.');
	n = dot ? (size_t)(dot - s) : strlen(s);
	if (!n || !all_digits(s, n))
		return 0;
	return !dot || (dot[1] && all_digits(dot + 1, strlen(dot + 1)));
}

static int quick_scalar(const qtype *t, const char *s)
{
	size_t i, n = strlen(s);

	if (!n || t->kind == Q_TEXT)
		return 1;
	switch (t->kind) {
	case Q_BOOL:
		return !strcmp(s, "true") || !strcmp(s, "false");
	case Q_DATE:
		return plain_date(s);
	case Q_INT:
		return n < 19 && all_digits(s, n);
	case Q_NUM:
		return n < 30 && plain_number(s);
	case Q_CODE:
		return (n == 2 || n == 4 || n == 6 || n == 9 || n == 12) &&
		       all_digits(s, n);
	default:
		for (i = 0; i < t->n_values; i++)
			if (t->values[i][0] == s[0] && !strcmp(t->values[i], s))
				return 1;
		return 0;
	}
}

/* ---- the types of YAML and JSON scalars ------------------------------------
 *
 * A YAML or JSON scalar keeps its type (tree-internal.h: sa:type, none for
 * a string).  The contract's types are the JSON Schema's: a yes/no field
 * takes a boolean, a count or measure a number, the rest (codes, names,
 * vocabulary words, dates) text.  "85" quoted reads as the same text as
 * 85, but it is a string, which the JSON Schema (and an editor using it)
 * refuses: so does the contract.  XML has no types. */

/* Whether a record's scalars carry types: YAML and JSON (not XML or
 * CSV). */
static int typed_doc(const xmlDoc *doc)
{
	const char *format = sai_doc_format(doc);

	return format && (!strcmp(format, "yaml") || !strcmp(format, "json"));
}

/* Whether a scalar of type `type` (NULL or "": a string) and text `text`
 * fits a field of kind `kind`.  An empty value -- null, or the empty
 * string "" -- is the empty value's business (the packs'), whatever the
 * field's type: `plaque: ""` is left blank as `plaque: ~` and
 * `<plaque></plaque>` are. */
static int type_fits(int kind, const char *type, const char *text)
{
	if (type && !*type)
		type = NULL;
	if (type ? !strcmp(type, "null") : text && !*text)
		return 1;
	switch (kind) {
	case Q_OBJECT:
		return 1;
	case Q_BOOL:
		return type && !strcmp(type, "boolean");
	case Q_INT:
	case Q_NUM:
		return type && (!strcmp(type, "integer") ||
				!strcmp(type, "float"));
	default:
		/* Text: a YAML date or timestamp is text to JSON (and to
		 * YAML 1.2's core schema). */
		return !type || !strcmp(type, "date") ||
		       !strcmp(type, "timestamp");
	}
}

/* The text of a scalar element: "" when it has none, NULL when it holds
 * anything but one text node. */
static const char *scalar_text(const xmlNode *el)
{
	const xmlNode *c = el->children;

	if (!c)
		return "";
	if (c->type != XML_TEXT_NODE || c->next)
		return NULL;
	return c->content ? (const char *)c->content : "";
}

static const char *type_of(const xmlNode *el)
{
	const xmlAttr *a;

	for (a = el->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->ns->href, SAI_TREE_NS) &&
		    !strcmp((const char *)a->name, "type"))
			return a->children && a->children->content ?
			       (const char *)a->children->content : NULL;
	return NULL;
}

/* The place of the field called name among t's, or t->n_fields. */
static size_t field_index(const qtype *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_fields; i++)
		if (t->fields[i].name[0] == name[0] &&
		    !strcmp(t->fields[i].name, name))
			break;
	return i;
}

/* Proves el valid against t without libxml2's validation: 1 when it
 * surely is, 0 when it may not be (libxml2 then decides and says why).
 * Anything unusual -- an attribute of another namespace, text beside
 * fields, a value with blanks around it -- is left to libxml2.  *tree_ns
 * is the loader's namespace once seen (a record has one). */
/* Whether an element of c's name comes before c among its siblings. */
static int given_before(const xmlNode *c)
{
	const xmlNode *p;

	for (p = c->prev; p; p = p->prev)
		if (p->type == XML_ELEMENT_NODE && p->name[0] == c->name[0] &&
		    !strcmp((const char *)p->name, (const char *)c->name))
			return 1;
	return 0;
}

static int quick_valid(const qtype *t, const xmlNode *el,
		       const xmlNs **tree_ns)
{
	const xmlAttr *a;
	const xmlNode *c;
	const char *text = "", *name;
	unsigned long long seen = 0;   /* fields 0 to 63 given once */
	size_t i;

	for (a = el->properties; a; a = a->next) {
		if (!(a->ns && a->ns == *tree_ns)) {
			if (!a->ns ||
			    strcmp((const char *)a->ns->href, SAI_TREE_NS))
				return 0;
			*tree_ns = a->ns;
		}
		if (!strcmp((const char *)a->name, "type") &&
		    !type_fits(t->kind, a->children && a->children->content ?
			       (const char *)a->children->content : "",
			       scalar_text(el)))
			return 0;
	}
	if (t->kind != Q_OBJECT && !el->properties &&
	    !type_fits(t->kind, NULL, scalar_text(el)) && typed_doc(el->doc))
		return 0;
	for (c = el->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && t->kind != Q_OBJECT &&
		    c == el->children && !c->next) {
			text = c->content ? (const char *)c->content : "";
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || c->ns ||
		    t->kind != Q_OBJECT)
			return 0;
		name = (const char *)c->name;
		i = field_index(t, name);
		if (i == t->n_fields ||
		    !quick_valid(t->fields[i].type, c, tree_ns))
			return 0;
		/* a field of one value given twice: see repeats() */
		if (!t->fields[i].list &&
		    (i < 64 ? (seen & 1ull << i) != 0 : given_before(c)))
			return 0;
		if (i < 64)
			seen |= 1ull << i;
	}
	return t->kind == Q_OBJECT || quick_scalar(t, text);
}

/* ---- did you mean -------------------------------------------------------- */

#define MAX_CP 64

/* Code points of s, ASCII letters lower-cased; -1 when too long. */
static int code_points(const char *s, unsigned *out)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		unsigned cp = *p++;
		int more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;

		if (n == MAX_CP)
			return -1;
		cp &= more ? 0x3fu >> more : 0xffu;
		for (; more && (*p & 0xc0) == 0x80; more--)
			cp = cp << 6 | (*p++ & 0x3f);
		out[n++] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	}
	return n;
}

/* Optimal string alignment distance (an adjacent swap counts once). */
static int distance(const unsigned *a, int n, const unsigned *b, int m)
{
	static const int inf = 1 << 20;
	int d[MAX_CP + 1][MAX_CP + 1];
	int i, j;

	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1], v = inf;

			v = d[i - 1][j] + 1 < v ? d[i - 1][j] + 1 : v;
			v = d[i][j - 1] + 1 < v ? d[i][j - 1] + 1 : v;
			v = d[i - 1][j - 1] + cost < v ?
				d[i - 1][j - 1] + cost : v;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

/* s is a prefix or suffix of t (or t of s), the shorter of three or
 * more code points. */
static int affix(const unsigned *s, int n, const unsigned *t, int m)
{
	const unsigned *lo = n < m ? s : t, *hi = n < m ? t : s;
	int k = n < m ? n : m, big = n < m ? m : n;

	if (k < 3)
		return 0;
	return !memcmp(lo, hi, (size_t)k * sizeof(*lo)) ||
	       !memcmp(lo, hi + big - k, (size_t)k * sizeof(*lo));
}

const char *sai_nearest(const char *s, const char *const *cand, size_t n)
{
	unsigned a[MAX_CP], b[MAX_CP];
	int na = code_points(s, a), best = -1, best_d = 0, best_fix = 0;
	size_t i;

	if (na <= 0)
		return NULL;
	for (i = 0; i < n; i++) {
		int nb = code_points(cand[i], b), d, fix, longer;

		if (nb <= 0)
			continue;
		d = distance(a, na, b, nb);
		fix = affix(a, na, b, nb);
		longer = na > nb ? na : nb;
		/* Near: a third of the longer differs, or one is the
		 * other's start or end ("town" for "township"). */
		if (!fix && d * 3 > longer && d > 1)
			continue;
		if (best < 0 || (fix && !best_fix) ||
		    (fix == best_fix && d < best_d)) {
			best = (int)i;
			best_d = d;
			best_fix = fix;
		}
	}
	return best < 0 ? NULL : cand[best];
}

/* ---- messages -------------------------------------------------------- */

/* The field as the dossier writes it: staff.certificate.level (a key
 * that is no XML name, stored as <_ sa:key="...">, by its key). */
static void add_field(sai_strbuf *sb, const xmlNode *el)
{
	if (el->parent && el->parent->type == XML_ELEMENT_NODE &&
	    el->parent->parent && el->parent->parent->type ==
	    XML_ELEMENT_NODE) {
		add_field(sb, el->parent);
		sai_strbuf_addc(sb, '.');
	}
	sai_strbuf_adds(sb, sai_pack_key_of(el));
}

static void add_value(sai_strbuf *sb, const xmlNode *el)
{
	xmlChar *v = xmlNodeGetContent(el);
	size_t n = v ? strlen((const char *)v) : 0;

	if (n > MAX_SHOWN) {
		n = MAX_SHOWN;
		while (n && (v[n] & 0xc0) == 0x80)
			n--;
	}
	sai_strbuf_add(sb, v ? (const char *)v : "", n);
	if (v && n < strlen((const char *)v))
		sai_strbuf_adds(sb, "…");
	xmlFree(v);
}

/* "a, b, c" (en) or "a 甲、b 乙" (zh, with each code's name). */
static void add_list(sai_contract_check *v, const char **names,
		     const xmlNode **docs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *d = docs ? doc_of(docs[i], v->en) : "";

		if (i)
			sai_strbuf_adds(&v->sb, v->en ? ", " : "、");
		sai_strbuf_adds(&v->sb, names[i]);
		if (!v->en && *d && is_xs(docs[i], "enumeration"))
			sai_strbuf_addf(&v->sb, " %s", d);
	}
}

/* A yes/no word for a boolean: the code it means, or NULL. */
static const char *yes_no(const char *s)
{
	static const char *const yes[] = { "yes", "y", "on", "是", "有", "真",
					   "1", "True", "TRUE", "Yes" };
	static const char *const no[] = { "no", "n", "off", "否", "无", "没有",
					  "假", "0", "False", "FALSE", "No" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		if (!strcmp(s, yes[i]))
			return "true";
	for (i = 0; i < sizeof(no) / sizeof(*no); i++)
		if (!strcmp(s, no[i]))
			return "false";
	return NULL;
}

/* The code whose Chinese name (up to any " (...)") is s: 社会工作师 is
 * social_worker, 镇街 township. */
static const char *by_chinese_name(const char *s, const char **names,
				   const xmlNode **docs, size_t n)
{
	size_t i, len = strlen(s);

	for (i = 0; i < n && len; i++) {
		const char *d = doc_of(docs[i], 0);

		if (!strncmp(d, s, len) && (!d[len] || !strncmp(d + len, " (", 2)))
			return names[i];
	}
	return NULL;
}

/* Ends one violation: the message in v->sb, actual and expected. */
static void keep(sai_contract_check *v, const xmlNode *node,
		 const char *actual, const char *expected)
{
	found *f;

	if (v->n_found == v->cap_found) {
		size_t cap = v->cap_found ? v->cap_found * 2 : 8;

		f = realloc(v->found, cap * sizeof(*f));
		if (!f) {
			v->nomem = 1;
			return;
		}
		v->found = f;
		v->cap_found = cap;
	}
	f = &v->found[v->n_found];
	f->node = node;
	f->repeated = 0;
	f->seq = v->n_found++;
	f->msg = v->text.len;
	sai_strbuf_add(&v->text, v->sb.buf ? v->sb.buf : "", v->sb.len);
	sai_strbuf_addc(&v->text, '\0');
	f->actual = v->text.len;
	sai_strbuf_adds(&v->text, actual ? actual : "");
	sai_strbuf_addc(&v->text, '\0');
	f->expected = v->text.len;
	sai_strbuf_adds(&v->text, expected ? expected : "");
	sai_strbuf_addc(&v->text, '\0');
}

#define MAX_NAMES 64

/* "; did you mean 'x'? " or "; " before the list of what is allowed. */
static void add_near(sai_contract_check *v, const char *near)
{
	if (near)
		sai_strbuf_addf(&v->sb, v->en ? "; did you mean '%s'? " :
				", 是否应为 '%s'? ", near);
	else
		sai_strbuf_adds(&v->sb, "; ");
}

static void unknown_field(sai_contract_check *v, xmlNodePtr node)
{
	const char *names[MAX_NAMES], *near;
	const xmlNode *parent = node->parent;
	const xmlNode *ct = complex_of(v->c, decl_of(v->c, parent));
	size_t n = names_of(ct, names, MAX_NAMES, NULL);
	const char *name = sai_pack_key_of(node);

	near = sai_nearest(name, names, n);
	sai_strbuf_reset(&v->sb);
	sai_strbuf_addf(&v->sb, v->en ? "unknown field '%s' in " :
			"未知字段 '%s' (位于 ", name);
	add_field(&v->sb, parent);
	sai_strbuf_adds(&v->sb, v->en ? "" : " 下)");
	add_near(v, near);
	sai_strbuf_adds(&v->sb, v->en ? "allowed fields: " : "允许的字段: ");
	add_list(v, names, NULL, n);
	keep(v, node, name, near);
}

/* An element of a namespace (<q:plaque xmlns:q="...">): the dossier
 * format's fields have none, so it is no field, whatever its name. */
static void namespaced(sai_contract_check *v, const xmlNode *node)
{
	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "element " : "元素 ");
	add_field(&v->sb, node);
	sai_strbuf_addf(&v->sb, v->en ? " is in namespace '%s', but the "
			"dossier format's fields have no namespace (write it "
			"without a prefix or xmlns)" : " 属于命名空间 '%s', 但档案"
			"格式的字段没有命名空间 (去掉前缀或 xmlns)",
			(const char *)node->ns->href);
	keep(v, node, (const char *)node->name, NULL);
}

/* A field that holds fields was given a value, or the reverse. */
static void wrong_shape(sai_contract_check *v, const xmlNode *node,
			const xmlNode *ct)
{
	const char *names[MAX_NAMES];
	size_t n;

	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "field " : "字段 ");
	add_field(&v->sb, node);
	if (holds_fields(ct)) {
		n = names_of(ct, names, MAX_NAMES, NULL);
		sai_strbuf_adds(&v->sb, v->en ? " holds fields (" :
				" 应包含子字段 (");
		add_list(v, names, NULL, n);
		sai_strbuf_adds(&v->sb, v->en ? "), not a value '" :
				"), 而不是一个值 '");
		add_value(&v->sb, node);
		sai_strbuf_adds(&v->sb, "'");
	} else {
		const xmlNode *st = simple_of(v->c, ct);

		sai_strbuf_adds(&v->sb, v->en ? " takes a value" :
				" 应为一个值");
		if (st && *doc_of(st, v->en))
			sai_strbuf_addf(&v->sb, " (%s)", doc_of(st, v->en));
		sai_strbuf_adds(&v->sb, v->en ? ", not fields" :
				", 不能包含子字段");
	}
	keep(v, node, NULL, NULL);
}

static void bad_value(sai_contract_check *v, const xmlNode *node,
		      const xmlNode *st)
{
	const char *names[MAX_NAMES], *near = NULL;
	const xmlNode *docs[MAX_NAMES];
	size_t n = names_of(st, names, MAX_NAMES, docs);
	xmlChar *val = xmlNodeGetContent(node);
	const char *s = val ? (const char *)val : "";
	int is_bool = !strcmp(prop(st, "name"), "t-bool");

	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "field " : "字段 ");
	add_field(&v->sb, node);
	sai_strbuf_adds(&v->sb, v->en ? ": '" : " 的值 '");
	add_value(&v->sb, node);
	if (n && !is_bool) {
		near = sai_nearest(s, names, n);
		if (!near)
			near = by_chinese_name(s, names, docs, n);
		sai_strbuf_adds(&v->sb, v->en ? "' is not an allowed code" :
				"' 不是允许的代码");
	} else {
		near = is_bool ? yes_no(s) : NULL;
		sai_strbuf_addf(&v->sb, v->en ? "' is not %s" : "' 不是%s",
				doc_of(st, v->en));
	}
	if (n && !is_bool) {
		add_near(v, near);
		sai_strbuf_adds(&v->sb, v->en ? "allowed: " : "允许的取值: ");
		add_list(v, names, docs, n);
	} else if (near) {
		sai_strbuf_addf(&v->sb, v->en ? "; did you mean '%s'?" :
				", 是否应为 '%s'?", near);
	}
	keep(v, node, s, near);
	xmlFree(val);
}

static void other(sai_contract_check *v, const xmlNode *node,
		  const char *msg)
{
	char raw[SA_ERROR_MESSAGE_MAX], said[SA_ERROR_MESSAGE_MAX];
	size_t n;

	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "does not match the dossier contract: " :
			"不符合档案契约: ");
	/* The validator's own words (without libxml2's line end), in the
	 * messages' language where the table of libmsg.c knows them. */
	snprintf(raw, sizeof(raw), "%s", msg ? msg : "");
	for (n = strlen(raw); n && (raw[n - 1] == '\n' || raw[n - 1] == ' ');)
		raw[--n] = '\0';
	if (!v->en)
		sai_libmsg(raw, said, sizeof(said));
	sai_strbuf_adds(&v->sb, v->en ? raw : said);
	n = v->sb.len;
	while (n && (v->sb.buf[n - 1] == '\n' || v->sb.buf[n - 1] == ' '))
		v->sb.buf[--n] = '\0';
	v->sb.len = n;
	keep(v, node, NULL, NULL);
}

/* A field of one value given n times: said at the second. */
static void repeated(sai_contract_check *v, const xmlNode *node, size_t n)
{
	unsigned long line = sai_node_line(node), col = sai_node_column(node);
	char at[48];

	if (col)
		snprintf(at, sizeof(at), "%lu:%lu", line, col);
	else
		snprintf(at, sizeof(at), v->en ? "line %lu" : "第 %lu 行", line);
	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "field " : "字段 ");
	add_field(&v->sb, node);
	sai_strbuf_addf(&v->sb, v->en ? " is given %zu times (the second at "
			"%s), but it takes one value" : " 出现了 %zu 次 (第二次"
			"在 %s), 但只能有一个值", n, at);
	keep(v, node, sai_pack_key_of(node), NULL);
	if (!v->nomem)
		v->found[v->n_found - 1].repeated = 1;
}

/* Fields that take one value (not sa:list in the schema) given more
 * than once below el, of type t: the schema lets every field repeat
 * (xs:choice maxOccurs="unbounded", so that fields come in any order),
 * and a record would count as both township and village. */
static void repeats(sai_contract_check *v, const qtype *t,
		    const xmlNode *el)
{
	const xmlNode *c, *second;
	size_t i, n;

	for (i = 0; t->kind == Q_OBJECT && i < t->n_fields; i++) {
		const qfield *f = &t->fields[i];

		n = 0;
		second = NULL;
		for (c = el->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || c->ns ||
			    c->name[0] != f->name[0] ||
			    strcmp((const char *)c->name, f->name))
				continue;
			if (++n == 2)
				second = c;
			repeats(v, f->type, c);
		}
		if (second && !f->list && v->n_found < v->max)
			repeated(v, second, n);
	}
}

static int reported(const sai_contract_check *v, const xmlNode *node);

/* An XML attribute (<uniform unit="x">): the dossier format's fields have
 * none, whatever their value. */
static void attribute(sai_contract_check *v, const xmlNode *node)
{
	const xmlAttr *a;

	for (a = node->properties; a; a = a->next)
		if (!a->ns || strcmp((const char *)a->ns->href, SAI_TREE_NS))
			break;
	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "field " : "字段 ");
	add_field(&v->sb, node);
	sai_strbuf_addf(&v->sb, v->en ? " has the attribute '%s', but the "
			"dossier format's fields have no attributes (write it "
			"as a field inside, or leave it out)" : " 带有属性 '%s', "
			"但档案格式的字段没有属性 (改写为其中的子字段, 或删去)",
			a ? (const char *)a->name : "?");
	keep(v, node, a ? (const char *)a->name : NULL, NULL);
}

/* A scalar of the wrong type: a quoted number or yes/no, or text (a
 * code, a name) written as a number or a boolean. */
static void wrong_type(sai_contract_check *v, const xmlNode *node, int kind,
		       const char *type)
{
	const xmlNode *st = simple_of(v->c, complex_of(v->c,
						       decl_of(v->c, node)));
	const char *what = st ? doc_of(st, v->en) : "";

	sai_strbuf_reset(&v->sb);
	sai_strbuf_adds(&v->sb, v->en ? "field " : "字段 ");
	add_field(&v->sb, node);
	sai_strbuf_adds(&v->sb, v->en ? ": '" : " 的值 '");
	add_value(&v->sb, node);
	if (!type) {
		sai_strbuf_addf(&v->sb, v->en ? "' is quoted text, not %s: "
				"remove the quotes" : "' 加了引号, 是文字而不是%s: "
				"去掉引号", *what ? what : kind == Q_BOOL ?
				(v->en ? "true or false" : "true 或 false") :
				(v->en ? "a number" : "数"));
	} else {
		sai_strbuf_addf(&v->sb, v->en ? "' is written as %s, but the "
				"field takes text" : "' 写成了%s, 但该字段是文字",
				!strcmp(type, "boolean") ?
				(v->en ? "a boolean" : "布尔值") :
				(v->en ? "a number" : "数"));
		if (*what)
			sai_strbuf_addf(&v->sb, " (%s)", what);
		sai_strbuf_adds(&v->sb, v->en ? ": quote it" : ": 请加引号");
	}
	keep(v, node, type ? type : "string",
	     kind == Q_BOOL ? "boolean" : kind == Q_INT || kind == Q_NUM ?
	     "number" : "string");
}

/* Every scalar of el (of type t) whose YAML or JSON type does not fit its
 * field, unless libxml2 already said what is wrong with it. */
static void types(sai_contract_check *v, const qtype *t, const xmlNode *el)
{
	const xmlNode *c;
	size_t i;

	for (c = el->children; c && v->n_found < v->max; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		i = field_index(t, (const char *)c->name);
		if (i == t->n_fields)
			continue;
		if (t->fields[i].type->kind == Q_OBJECT) {
			types(v, t->fields[i].type, c);
			continue;
		}
		if (!type_fits(t->fields[i].type->kind, type_of(c),
			       scalar_text(c)) &&
		    !reported(v, c))
			wrong_type(v, c, t->fields[i].type->kind, type_of(c));
	}
}

static int reported(const sai_contract_check *v, const xmlNode *node)
{
	size_t i;

	for (i = 0; i < v->n_found; i++)
		if (v->found[i].node == node)
			return 1;
	return 0;
}

static void pend(sai_contract_check *v, xmlNodePtr node)
{
	if (v->n_pending == v->cap_pending) {
		size_t cap = v->cap_pending ? v->cap_pending * 2 : 8;
		xmlNodePtr *p = realloc(v->pending, cap * sizeof(*p));

		if (!p) {
			v->nomem = 1;
			return;
		}
		v->pending = p;
		v->cap_pending = cap;
	}
	v->pending[v->n_pending++] = node;
}

/* libxml2's structured error: one violation per element, rewritten. */
static void violation(void *data, xmlErrorPtr e)
{
	sai_contract_check *v = data;
	xmlNodePtr node = e ? e->node : NULL;
	const xmlNode *decl, *ct;

	if (!e || e->level < XML_ERR_ERROR || v->nomem ||
	    v->n_found >= v->max)
		return;
	if (!node || node->type != XML_ELEMENT_NODE) {
		other(v, xmlDocGetRootElement(node ? node->doc : NULL),
		      e->message);
		return;
	}
	if (reported(v, node))
		return;
	if (node->ns) {
		namespaced(v, node);
		pend(v, node);
		return;
	}
	decl = decl_of(v->c, node);
	ct = complex_of(v->c, decl);
	if (!decl) {
		unknown_field(v, node);
		pend(v, node);
	} else if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 ||
		   e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2) {
		attribute(v, node);
	} else if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3 ||
		   e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1 ||
		   e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2 ||
		   (holds_fields(ct) && e->code != XML_SCHEMAV_ELEMENT_CONTENT)) {
		wrong_shape(v, node, ct);
	} else if (simple_of(v->c, ct)) {
		bad_value(v, node, simple_of(v->c, ct));
	} else {
		other(v, node, e->message);
	}
}

/* ---- validating ---------------------------------------------------------- */

sai_contract_check *sai_contract_check_new(const sai_contract *c,
					   const char *const *extra,
					   size_t n, int en)
{
	sai_contract_check *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->c = c;
	v->extra = extra;
	v->n_extra = n;
	v->en = en;
	sai_strbuf_init(&v->text);
	sai_strbuf_init(&v->sb);
	v->ctx = xmlSchemaNewValidCtxt(c->schema);
	if (!v->ctx) {
		free(v);
		return NULL;
	}
	xmlSchemaSetValidStructuredErrors(v->ctx, violation, v);
	return v;
}

void sai_contract_check_free(sai_contract_check *v)
{
	if (!v)
		return;
	xmlSchemaFreeValidCtxt(v->ctx);
	free(v->aside);
	free(v->pending);
	free(v->found);
	free(v->out);
	sai_strbuf_release(&v->text);
	sai_strbuf_release(&v->sb);
	free(v);
}

static int set_aside(sai_contract_check *v, xmlNodePtr node)
{
	if (v->n_aside == v->cap_aside) {
		size_t cap = v->cap_aside ? v->cap_aside * 2 : 8;
		aside *a = realloc(v->aside, cap * sizeof(*a));

		if (!a)
			return -1;
		v->aside = a;
		v->cap_aside = cap;
	}
	v->aside[v->n_aside].node = node;
	v->aside[v->n_aside].parent = node->parent;
	v->aside[v->n_aside].next = node->next;
	v->n_aside++;
	xmlUnlinkNode(node);
	return 0;
}

/* Back in reverse order, so that every recorded neighbour is in place. */
static void put_back(sai_contract_check *v)
{
	while (v->n_aside) {
		aside *a = &v->aside[--v->n_aside];

		if (a->next)
			xmlAddPrevSibling(a->next, a->node);
		else
			xmlAddChild(a->parent, a->node);
	}
}

/* Sets aside the elements at path (names separated by '/') below el. */
static int aside_extra(sai_contract_check *v, xmlNodePtr el, const char *path)
{
	const char *slash;
	size_t len;
	xmlNodePtr c, next;

	while (*path == '/')
		path++;
	slash = strchr(path, '/');
	len = slash ? (size_t)(slash - path) : strlen(path);
	if (!len)
		return 0;
	for (c = el->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE ||
		    strlen((const char *)c->name) != len ||
		    memcmp(c->name, path, len))
			continue;
		if (slash ? aside_extra(v, c, slash + 1) :
		    set_aside(v, c))
			return -1;
	}
	return 0;
}

static int by_place(const void *a, const void *b)
{
	const found *x = a, *y = b;
	unsigned long lx = sai_node_line(x->node), ly = sai_node_line(y->node);
	unsigned long cx = sai_node_column(x->node);
	unsigned long cy = sai_node_column(y->node);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static long finish(sai_contract_check *v, const sai_violation **out)
{
	size_t i;
	sai_violation *o;

	put_back(v);
	if (v->nomem || v->text.failed || v->sb.failed)
		return -1;
	if (v->n_found)
		qsort(v->found, v->n_found, sizeof(*v->found), by_place);
	o = realloc(v->out, (v->n_found + 1) * sizeof(*o));
	if (!o)
		return -1;
	v->out = o;
	for (i = 0; i < v->n_found; i++) {
		const found *f = &v->found[i];
		const char *t = v->text.buf;

		o[i].node = f->node;
		o[i].repeated = f->repeated;
		o[i].message = t + f->msg;
		o[i].actual = t[f->actual] ? t + f->actual : NULL;
		o[i].expected = t[f->expected] ? t + f->expected : NULL;
	}
	*out = o;
	return (long)v->n_found;
}

int sai_contract_declares(const sai_contract_check *v, const xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);

	return root && decl_of(v->c, root) != NULL;
}

long sai_contract_validate(sai_contract_check *v, xmlDocPtr doc,
			   size_t max, const sai_violation **out)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	const xmlNs *tree_ns = NULL;
	size_t i, round;
	double start;

	*out = NULL;
	v->n_found = v->n_pending = v->n_aside = 0;
	v->nomem = 0;
	v->max = max;
	sai_strbuf_reset(&v->text);
	if (!root || !decl_of(v->c, root))
		return finish(v, out);
	for (i = 0; i < v->n_extra; i++)
		if (aside_extra(v, root, v->extra[i]) < 0)
			v->nomem = 1;
	if (v->c->root && !strcmp((const char *)root->name, "station") &&
	    !root->ns && quick_valid(v->c->root, root, &tree_ns))
		return finish(v, out);
	/* libxml2 leaves the rest of an element's content unchecked after
	 * an element it does not expect: set that one aside and check
	 * again, so that one typo does not hide the next. */
	start = sai_now_ns();
	for (round = 0; round < MAX_ROUNDS && !v->nomem; round++) {
		v->n_pending = 0;
		xmlSchemaValidateDoc(v->ctx, doc);
		if (!v->n_pending || v->n_found >= v->max)
			break;
		/* The rounds share a budget: a schema slow to validate
		 * is not run again and again for each record. */
		if (sai_now_ns() - start > ROUNDS_MS * 1e6)
			break;
		for (i = 0; i < v->n_pending; i++)
			if (set_aside(v, v->pending[i]) < 0)
				v->nomem = 1;
	}
	if (v->c->root && !strcmp((const char *)root->name, "station") &&
	    !root->ns && !v->nomem) {
		repeats(v, v->c->root, root);
		if (typed_doc(doc))
			types(v, v->c->root, root);
	}
	return finish(v, out);
}

/* ---- the shape of the bundled contract ------------------------------------ */

static sai_contract *bundled;
static pthread_once_t bundled_once = PTHREAD_ONCE_INIT;

/* The tables only: which fields a record has and which repeat. */
static void bundled_load(void)
{
	sai_contract *c = calloc(1, sizeof(*c));
	sa_error err;

	if (!c)
		return;
	if (sai_xml_read_tree(sa_schema_default(), &c->xsd, &err) != SA_OK ||
	    quick_build(c) < 0 || !c->root) {
		sai_contract_free(c);
		return;
	}
	bundled = c;
}

const sai_contract *sai_contract_bundled(void)
{
	pthread_once(&bundled_once, bundled_load);
	return bundled;
}

/* Drops, below el of type t, each occurrence of a field of one value but
 * the first; returns how many. */
static size_t firsts(const qtype *t, xmlNodePtr el)
{
	xmlNodePtr c, next;
	unsigned long long seen = 0;   /* fields 0 to 63 met */
	size_t i, dropped = 0;

	for (c = t->kind == Q_OBJECT ? el->children : NULL; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		i = field_index(t, (const char *)c->name);
		if (i == t->n_fields)
			continue;
		if (!t->fields[i].list &&
		    (i < 64 ? (seen & 1ull << i) != 0 : given_before(c))) {
			sai_tree_drop(c);
			dropped++;
			continue;
		}
		if (i < 64)
			seen |= 1ull << i;
		dropped += firsts(t->fields[i].type, c);
	}
	return dropped;
}

size_t sai_contract_keep_first(const sai_contract *c, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);

	if (!c || !c->root || !root || root->ns ||
	    strcmp((const char *)root->name, "station"))
		return 0;
	return firsts(c->root, root);
}

/* ---- scalars as the rules read them --------------------------------------- */

/* Whether s (n bytes) is an xs:decimal as written: a sign, digits and a
 * point, at least one digit; no exponent.  A count takes no point. */
static int xs_decimal(const char *s, size_t n, int kind)
{
	size_t i = 0, digits = 0;
	int point = kind == Q_INT;

	if (n && (s[0] == '+' || s[0] == '-'))
		i++;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !point)
			point = 1;
		else
			return 0;
	}
	return digits > 0;
}

/* An XML number as YAML and JSON hand theirs over: +85 and 085.0 are
 * 85, read by XPath's number() (which takes no '+') and shown as 85.
 * The plain form is written over the text when it is no longer (.5
 * stays, which XPath reads as it is). */
static void plain_text(xmlDocPtr doc, xmlNodePtr el, int kind)
{
	xmlNodePtr t = el->children;
	char plain[64];
	const char *s;
	size_t n, len, k;

	if (!t || t->next || t->type != XML_TEXT_NODE || !t->content ||
	    (doc->dict && xmlDictOwns(doc->dict, t->content)))
		return;
	s = (const char *)t->content;
	len = strlen(s);
	while (*s && IS_BLANK_CH(*s))
		s++;
	n = strlen(s);
	while (n && IS_BLANK_CH(s[n - 1]))
		n--;
	if (!xs_decimal(s, n, kind) ||
	    !(k = sai_number_plain(s, n, plain, sizeof(plain))) || k > len ||
	    (k == len && !memcmp(plain, t->content, len)))
		return;
	memcpy(t->content, plain, k + 1);
}

/* A YAML or JSON string of blanks ("  ") in a field that takes no text:
 * left blank, as "" and ~ are, and as XML's parser leaves
 * <plaque>  </plaque>. */
static void blank_text(xmlNodePtr el)
{
	xmlNodePtr t = el->children;
	const xmlChar *s;

	if (!t || t->next || t->type != XML_TEXT_NODE || !t->content ||
	    type_of(el))
		return;
	for (s = t->content; *s; s++)
		if (!IS_BLANK_CH(*s))
			return;
	sai_tree_drop(t);
}

static void tidy(xmlDocPtr doc, const qtype *t, xmlNodePtr el, int typed)
{
	xmlNodePtr c;
	size_t i;
	int kind;

	for (c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns ||
		    (i = field_index(t, (const char *)c->name)) == t->n_fields)
			continue;
		kind = t->fields[i].type->kind;
		if (kind == Q_OBJECT)
			tidy(doc, t->fields[i].type, c, typed);
		else if (typed && kind != Q_TEXT)
			blank_text(c);
		else if (!typed && (kind == Q_INT || kind == Q_NUM))
			plain_text(doc, c, kind);
	}
}

void sai_contract_tidy(const sai_contract *c, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);

	if (c && c->root && root && !root->ns &&
	    !strcmp((const char *)root->name, "station"))
		tidy(doc, c->root, root, typed_doc(doc));
}

/* The type of field path of c, every step a field; NULL when none. */
static const qtype *field_type(const sai_contract *c, const char *path)
{
	const qtype *t = c ? c->root : NULL;
	size_t len, i;
	int steps = 0;

	while (t && *path) {
		while (*path == '/')
			path++;
		len = strcspn(path, "/");
		if (!len)
			break;
		for (i = 0; t->kind == Q_OBJECT && i < t->n_fields; i++)
			if (strlen(t->fields[i].name) == len &&
			    !memcmp(t->fields[i].name, path, len))
				break;
		if (t->kind != Q_OBJECT || i == t->n_fields)
			return NULL;
		t = t->fields[i].type;
		path += len;
		steps++;
	}
	return steps > 0 ? t : NULL;
}

int sai_contract_has_field(const sai_contract *c, const char *path)
{
	return field_type(c, path) != NULL;
}

size_t sai_contract_field_values(const sai_contract *c, const char *path,
				 const char *const **out)
{
	static const char *const bools[] = { "true", "false" };
	const qtype *t = field_type(c, path);

	*out = NULL;
	if (t && t->kind == Q_BOOL) {
		*out = bools;
		return 2;
	}
	if (!t || t->kind != Q_ENUM)
		return 0;
	*out = t->values;
	return t->n_values;
}
