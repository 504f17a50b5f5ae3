/* SPDX-License-Identifier: Apache-2.0 */
/*
 * configfile.c - a project's .stationaudit.yaml: a YAML mapping whose
 * keys stand for check's options, read through the YAML adapter and
 * handed to the front end one option value at a time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "pack-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"
#include "banned.h"

/* A configuration file is a few options: 64 KiB is far more than any. */
#define MAX_CONFIG_FILE (64u * 1024)

typedef enum key_kind {
	KEY_VALUE,      /* a scalar: one option value */
	KEY_LIST,       /* a scalar or a list: one value each */
	KEY_MAP,        /* NAME: VALUE pairs: "NAME=VALUE" each */
	KEY_FLAG        /* true: the option, without a value; false: none */
} key_kind;

/* Which values name a file, that must stay inside the configuration
 * file's folder (check_inside). */
typedef enum path_kind {
	PATH_NONE,
	PATH_FILE,      /* the value is a path */
	PATH_PACK,      /* a path when sa_pack_load takes it for one (a /,
			 * .yaml or .yml in it), else a pack's name */
	PATH_REPORT     /* FORMAT[:FILE]: FILE, unless "-" */
} path_kind;

static const struct config_key {
	const char *key, *option;
	key_kind kind;
	path_kind path;
} config_keys[] = {
	{ "standards", "standard", KEY_LIST, PATH_PACK },
	{ "params", "param", KEY_MAP, PATH_NONE },
	{ "formats", "format", KEY_LIST, PATH_REPORT },
	{ "fail-on", "fail-on", KEY_VALUE, PATH_NONE },
	{ "waivers", "waivers", KEY_LIST, PATH_FILE },
	{ "lang", "lang", KEY_VALUE, PATH_NONE },
	{ "region", "region", KEY_VALUE, PATH_NONE },
	{ "audit-date", "audit-date", KEY_VALUE, PATH_NONE },
	{ "profile", "profile", KEY_VALUE, PATH_NONE },
	{ "disable", "disable", KEY_LIST, PATH_NONE },
	{ "severity", "severity", KEY_MAP, PATH_NONE },
	{ "jobs", "jobs", KEY_VALUE, PATH_NONE },
	{ "encoding", "encoding", KEY_VALUE, PATH_NONE },
	{ "schema", "schema", KEY_VALUE, PATH_FILE },
	{ "no-schema", "no-schema", KEY_FLAG, PATH_NONE },
	{ "sarif-max", "sarif-max", KEY_VALUE, PATH_NONE },
	{ "github-max", "github-max", KEY_VALUE, PATH_NONE },
	{ "xpath-steps", "xpath-steps", KEY_VALUE, PATH_NONE },
	{ "junit-per-rule", "junit-per-rule", KEY_FLAG, PATH_NONE },
	{ "bom", "bom", KEY_FLAG, PATH_NONE },
};

#define N_KEYS (sizeof(config_keys) / sizeof(config_keys[0]))

typedef struct reading {
	const char *path;
	sa_config_fn fn;
	void *data;
	sa_error *err;
} reading;

static sa_status at(const reading *rd, const xmlNode *n, const char *fmt,
		    const char *what)
{
	sai_error_set(rd->err, SA_ERR_USAGE, rd->path, sai_node_line(n),
		      sai_node_column(n), fmt, what);
	sai_error_read_source(rd->err);
	return SA_ERR_USAGE;
}

/* The key as written: an element's name, or sa:key for a key that is
 * not an XML name. */
static char *key_of(const xmlNode *n)
{
	xmlChar *k = xmlGetNsProp(n, (const xmlChar *)"key",
				  (const xmlChar *)SAI_TREE_NS);
	char *s = sai_strdup(k ? (const char *)k : (const char *)n->name);

	xmlFree(k);
	return s;
}

static int has_children(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

static sa_status give(const reading *rd, const xmlNode *n,
		      const char *option, const char *value)
{
	if (rd->fn(rd->data, option, value, sai_node_line(n),
		   sai_node_column(n)) != 0)
		return sai_error_set(rd->err, SA_ERR_USAGE, rd->path,
				     sai_node_line(n), sai_node_column(n),
				     _("bad value for %s"), option);
	return SA_OK;
}

/* The path a value names (NULL: none), as check reads it. */
static const char *path_of(const struct config_key *k, const char *v)
{
	const char *colon;

	switch (k->path) {
	case PATH_FILE:
		return v;
	case PATH_PACK:
		return sai_pack_ref_is_path(v) ? v : NULL;
	case PATH_REPORT:
		colon = strchr(v, ':');
		return colon && strcmp(colon + 1, "-") ? colon + 1 : NULL;
	default:
		return NULL;
	}
}

/* Refuses a path that leaves the folder holding the configuration file:
 * in CI the file comes with an untrusted checkout, and a waivers file
 * /etc/shadow or a report ../../etc/cron.d/x must not be read or written
 * (nothing of a refused file is read, so nothing of it is quoted). */
static sa_status check_inside(const reading *rd, const xmlNode *n,
			      const struct config_key *k, const char *v)
{
	const char *path = path_of(k, v), *slash = strrchr(rd->path, '/');
	char dir[4096], left[4096];
	const char *fmt;
	sai_walk w;

	if (!path)
		return SA_OK;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == rd->path ? 1 :
			 (int)(slash - rd->path), rd->path);
	w = sai_path_walk_inside(path, dir, left, sizeof(left));
	switch (w) {
	case SAI_WALK_INSIDE:
		return SA_OK;
	case SAI_WALK_ABSOLUTE:
		fmt = _("%s: '%s' is an absolute path: refused (a configuration "
			"file that was found names only paths inside its "
			"folder; give others on the command line)");
		break;
	case SAI_WALK_DOTDOT:
		fmt = _("%s: '%s' leads above the configuration file's folder: "
			"refused (a configuration file that was found names "
			"only paths inside its folder; give others on the "
			"command line)");
		break;
	case SAI_WALK_LINK:
		fmt = _("%s: the symbolic link '%s' leads outside the "
			"configuration file's folder: refused (a configuration "
			"file that was found names only paths inside its "
			"folder; give others on the command line)");
		break;
	default:
		fmt = _("%s: '%s' cannot be followed inside the configuration "
			"file's folder: refused");
		break;
	}
	sai_error_set(rd->err, SA_ERR_USAGE, rd->path, sai_node_line(n),
		      sai_node_column(n), fmt, k->key,
		      w == SAI_WALK_LINK ? left : path);
	sai_error_read_source(rd->err);
	return SA_ERR_USAGE;
}

/* One NAME: VALUE pair of a mapping key (params, severity). */
static sa_status give_pair(const reading *rd, const xmlNode *n,
			   const struct config_key *k)
{
	char *name = key_of(n), *pair = NULL;
	xmlChar *v = xmlNodeGetContent(n);
	size_t len;
	sa_status st;

	if (!name || !v) {
		st = sai_error_set(rd->err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
		goto out;
	}
	if (has_children(n)) {
		st = at(rd, n, _("%s: a value belongs here, not a list or a "
			"mapping"), k->key);
		goto out;
	}
	len = strlen(name) + strlen((const char *)v) + 2;
	if (!(pair = malloc(len))) {
		st = sai_error_set(rd->err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
		goto out;
	}
	snprintf(pair, len, "%s=%s", name, (const char *)v);
	st = give(rd, n, k->option, pair);
out:
	free(name);
	free(pair);
	xmlFree(v);
	return st;
}

/* One element of a known key: a value, a list item, a mapping. */
static sa_status read_key(const reading *rd, const xmlNode *n,
			  const struct config_key *k)
{
	xmlChar *v;
	const xmlNode *c;
	sa_status st = SA_OK;

	if (k->kind == KEY_MAP) {
		for (c = n->children; c && st == SA_OK; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				st = give_pair(rd, c, k);
		return st;
	}
	if (has_children(n))
		return at(rd, n, _("%s: a value belongs here, not a list of "
			  "lists or a mapping"), k->key);
	if (k->kind == KEY_VALUE && n->next && n->next->type ==
	    XML_ELEMENT_NODE && !xmlStrcmp(n->next->name, n->name))
		return at(rd, n->next, _("%s takes one value, not a list"),
			  k->key);
	if (!(v = xmlNodeGetContent(n)))
		return sai_error_set(rd->err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	if (k->kind != KEY_FLAG) {
		st = check_inside(rd, n, k, (const char *)v);
		if (st == SA_OK)
			st = give(rd, n, k->option, (const char *)v);
	} else if (!strcmp((const char *)v, "true"))
		st = give(rd, n, k->option, NULL);
	else if (strcmp((const char *)v, "false"))
		st = at(rd, n, _("%s takes true or false"), k->key);
	xmlFree(v);
	return st;
}

static sa_status read_config(const reading *rd, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	sa_status st = SA_OK;
	size_t i;

	for (n = root ? root->children : NULL; n && st == SA_OK; n = n->next) {
		char *key;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!(key = key_of(n)))
			return sai_error_set(rd->err, SA_ERR_NOMEM, NULL, 0, 0,
					     _("out of memory"));
		for (i = 0; i < N_KEYS && strcmp(config_keys[i].key, key); i++)
			;
		st = i < N_KEYS ? read_key(rd, n, &config_keys[i]) :
			at(rd, n, _("unknown key '%s' in a configuration file: "
			   "the keys are standards, params, formats, fail-on, "
			   "waivers, lang, region, audit-date, profile, "
			   "disable, severity, jobs, encoding, schema, "
			   "no-schema, sarif-max, github-max, junit-per-rule, "
			   "bom, xpath-steps"), key);
		free(key);
	}
	return st;
}

sa_status sa_config_read(const char *path, sa_config_fn fn, void *data,
			 sa_error *err)
{
	sai_input_rule rule = { _("configuration file"), MAX_CONFIG_FILE, 0,
				NULL, SA_ERR_USAGE };
	reading rd = { path, fn, data, err };
	sai_yaml_options yo;
	sai_yaml_reader *r = NULL;
	xmlDocPtr doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	sa_status st;

	if ((st = sai_input_read(path, &rule, &buf, &len, err)) != SA_OK)
		goto out;
	sai_yaml_options_default(&yo);
	yo.max_record_bytes = MAX_CONFIG_FILE;
	st = sai_yaml_open_buffer(buf, len, path, &yo, &r, err);
	if (st == SA_OK)
		st = sai_yaml_next_document(r, "config", &doc, err);
	if (st == SA_OK && doc)
		st = read_config(&rd, doc);
	else if (st != SA_OK && err && err->line)
		sai_error_set_source(err, buf, len, err->line);
	if (doc)
		sai_tree_free(doc);
	sai_yaml_free(r);
out:
	free(buf);
	return st;
}
