/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pack-load.c - finding and loading pack files: resolving a name through
 * the search path, reading a file through the confined reader, `extends`
 * (each file once, cycles refused), and the order a pack's sections are
 * read in.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "pack-internal.h"
#include "sha256-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"

#define MAX_PACK_BYTES (16ul * 1024 * 1024)

/* ---- finding and reading pack files -------------------------------------------- */

static sa_status load_one(sai_pack_loader *l, const char *path,
			  const char *inside, const xmlNode *from);

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of a path (caller frees). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return sai_strdup(".");
	if (slash == path)
		return sai_strdup("/");
	return sai_strndup(path, (size_t)(slash - path));
}

/* A pack given by path: a folder (its pack.yaml) or a file.  *inside
 * receives the folder it may read in (caller frees both). */
static char *resolve_path(const char *ref, char **inside)
{
	struct stat st;
	sai_strbuf sb;

	if (stat(ref, &st) == 0 && S_ISDIR(st.st_mode)) {
		*inside = sai_strdup(ref);
		sai_strbuf_init(&sb);
		sai_strbuf_addf(&sb, "%s/pack.yaml", ref);
		return sai_strbuf_detach(&sb, NULL);
	}
	*inside = dir_of(ref);
	return sai_strdup(ref);
}

int sai_pack_ref_is_path(const char *ref)
{
	return strchr(ref, '/') || strstr(ref, ".yaml") || strstr(ref, ".yml");
}

/* Resolves a pack reference to a file path (caller frees), or NULL;
 * *inside (caller frees) receives the folder the pack was found in, which
 * the file must not leave (a pack.yaml that is a link to /etc/passwd).
 * A name is looked up in the search path, then in root (NULL: none). */
static char *resolve(const sa_pack *p, const char *ref, const char *root,
		     char **inside)
{
	sai_strbuf sb;
	/* No folder added: the default ones, as the command's. */
	const char *const *def = p->search.count ? NULL :
		sa_search_dirs_default();
	size_t i, nd = p->search.count, n;

	while (def && def[nd])
		nd++;
	n = nd + (root ? 1 : 0);
	*inside = NULL;
	if (sai_pack_ref_is_path(ref))
		return resolve_path(ref, inside);
	for (i = 0; i < n; i++) {
		const char *dir = i >= nd ? root :
			def ? def[i] : p->search.items[i];
		static const char *const forms[] = { "%s/%s/pack.yaml",
						     "%s/%s.yaml" };
		int f;

		for (f = 0; f < 2; f++) {
			sai_strbuf_init(&sb);
			sai_strbuf_addf(&sb, forms[f], dir, ref);
			if (!sb.failed && file_exists(sai_strbuf_str(&sb))) {
				*inside = sai_strdup(dir);
				return sai_strbuf_detach(&sb, NULL);
			}
			sai_strbuf_release(&sb);
		}
	}
	return NULL;
}

/* Reads a pack file, refused unless it is a regular file of at most
 * MAX_PACK_BYTES inside the folder it was found in.  An error names the
 * file only: nothing of a refused file is ever quoted. */
static sa_status read_file(sai_pack_loader *l, const char *path,
			   const char *inside, char **buf, size_t *len,
			   const xmlNode *from)
{
	sai_input_rule rule = { _("pack"), MAX_PACK_BYTES, 0, inside,
				SA_ERR_PACK };
	sa_error e;
	sa_status st;

	st = sai_input_read(path, &rule, buf, len, from ? &e : l->err);
	if (st == SA_OK || !from)
		return st;
	return sai_pack_lerr(l, from, st, _("cannot load pack '%s': %s"), path,
			     e.message);
}

/* Refuses an `extends` path or a reference table (what names it) that
 * leaves the extending pack's folder (a pack may read only inside its
 * folder, and named packs through the search path). */
/* 1 when path, dir/REF, stays in dir as written: REF neither starts
 * with '/' nor climbs above dir with "..".  Nothing is looked up. */
static int written_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir), len;
	const char *p, *end;
	long depth = 0;

	if (strncmp(path, dir, n) != 0 || path[n] != '/' || path[n + 1] == '/')
		return 0;
	for (p = path + n + 1; *p; p = *end ? end + 1 : end) {
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 0;
		} else if (len && !(len == 1 && p[0] == '.')) {
			depth++;
		}
	}
	return 1;
}

/* 1 when a name of path below dir is a symbolic link that leads out of
 * dir, or nowhere. */
static int link_out(const char *path, const char *dir)
{
	char prefix[PATH_MAX];
	size_t n = strlen(dir), end, len = strlen(path);
	struct stat lst;

	for (end = n + 1; end <= len && end < sizeof(prefix); end++) {
		if (end < len && path[end] != '/')
			continue;
		memcpy(prefix, path, end);
		prefix[end] = '\0';
		if (lstat(prefix, &lst) != 0 || !S_ISLNK(lst.st_mode))
			continue;
		if (!sai_path_inside(prefix, dir))
			return 1;
	}
	return 0;
}

sa_status sai_pack_check_inside(sai_pack_loader *l, const char *what,
				const char *path, const char *dir,
				const xmlNode *from)
{
	int table = !strcmp(what, "reference table");

	/* As written first, then through links, whether the file is
	 * there or not: the answer tells nothing of what lies outside. */
	if (written_inside(path, dir) && !link_out(path, dir)) {
		if (sai_path_inside(path, dir))
			return SA_OK;
		if (access(path, F_OK) != 0)
			return sai_pack_lerr(l, from, SA_ERR_PACK, _("cannot "
					     "open %s '%s': %s"), _(what),
					     path, strerror(errno));
	}
	return sai_pack_lerr(l, from, SA_ERR_PACK, _("%s '%s' is outside this "
			     "pack's folder: %s"), _(what), path,
			     table ? _("keep the tables a pack reads inside "
			     "its folder") : _("name packs by id (found "
			     "through the search path) or keep files inside "
			     "the folder"));
}

static const xmlNode *find_key(const xmlNode *root, const char *key);

/* The i'th item of the standard's `extends` (errors point at it), else
 * the pack's root. */
static const xmlNode *extends_item(const sai_standard *s, size_t i)
{
	const xmlNode *root = xmlDocGetRootElement(s->tree), *std, *c;

	std = root ? find_key(root, "standard") : NULL;
	for (c = std ? std->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp(sai_pack_key_of(c), "extends") && i-- == 0)
			return c;
	return root;
}

/* A name in `extends` is looked up in the search path and then in the
 * folder the first pack was found in, never beside the extending pack:
 * "beside" a pack at the top of a checkout is the checkout's parent. */
/* Notes the standard that file path (loaded now or before) is among the
 * bases of the one l reads. */
static sa_status note_base(sai_pack_loader *l, const char *path)
{
	sai_standard *s = &l->pack->standards[l->std_index];
	char real[PATH_MAX];
	size_t i, *b;

	if (!realpath(path, real))
		return SA_OK;
	for (i = 0; i < l->pack->n_standards; i++)
		if (l->pack->standards[i].real &&
		    !strcmp(l->pack->standards[i].real, real))
			break;
	if (i == l->pack->n_standards)
		return SA_OK;
	if (!(b = realloc(s->bases, (s->n_bases + 1) * sizeof(*b))))
		return sai_pack_nomem(l);
	s->bases = b;
	b[s->n_bases++] = i;
	return SA_OK;
}

static sa_status load_extends(sai_pack_loader *l)
{
	size_t i;
	sa_status st = SA_OK;
	char *path, *inside = NULL;

	for (i = 0; i < l->std->extends.count && st == SA_OK; i++) {
		const char *ref = l->std->extends.items[i];
		const xmlNode *from = extends_item(l->std, i);
		int named = !strchr(ref, '/') && !strstr(ref, ".yaml");

		if (!named) {
			sai_strbuf sb;

			sai_strbuf_init(&sb);
			sai_strbuf_addf(&sb, "%s/%s", l->std->dir, ref);
			path = sai_strbuf_detach(&sb, NULL);
			inside = sai_strdup(l->std->dir);
			if (path &&
			    (st = sai_pack_check_inside(l, N_("pack"), path,
							l->std->dir,
							from)) != SA_OK) {
				free(path);
				free(inside);
				return st;
			}
		} else {
			path = resolve(l->pack, ref, l->root, &inside);
		}
		if (!path) {
			free(inside);
			return sai_pack_lerr(l, from, SA_ERR_PACK, _("standard "
					     "'%s' extends '%s', which is not "
					     "found in the search path"),
					     l->std->id, ref);
		}
		st = inside ? load_one(l, path, inside, from) :
			     sai_pack_nomem(l);
		/* loading may have moved the array: find ours again */
		l->std = &l->pack->standards[l->std_index];
		if (st == SA_OK)
			st = note_base(l, path);
		free(path);
		free(inside);
	}
	return st;
}

static const xmlNode *find_key(const xmlNode *root, const char *key)
{
	const xmlNode *c;

	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    !strcmp(sai_pack_key_of(c), key))
			return c;
	return NULL;
}

static sa_status check_top_keys(sai_pack_loader *l, const xmlNode *root)
{
	static const char *const keys[] = { "standard", "params", "grades",
					    "pass-grade",
					    "references", "profiles",
					    "indicators", "rules", NULL };
	const xmlNode *c;
	int i, ok;

	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (ok = 0, i = 0; keys[i]; i++)
			ok |= !strcmp(sai_pack_key_of(c), keys[i]);
		if (!ok)
			return sai_pack_lerr(l, c, SA_ERR_PACK, _("unknown key "
					     "'%s' at the top of the pack; "
					     "expected standard, params, "
					     "grades, references, profiles, "
					     "indicators, rules"),
					     sai_pack_key_of(c));
	}
	if (!find_key(root, "standard"))
		return sai_pack_lerr(l, root, SA_ERR_PACK, _("a pack needs a "
				     "'standard' section (id, title, ...)"));
	return SA_OK;
}

/* Refuses a second standard of an id already loaded (a local ./y that
 * calls itself shiyan beside the bundled one): reports could not say
 * which applies.  The same file reached twice is loaded once before this. */
static sa_status check_unique_id(sai_pack_loader *l, const xmlNode *root)
{
	const sa_pack *p = l->pack;
	const xmlNode *std = find_key(root, "standard"), *at;
	size_t i;

	for (i = 0; i < p->n_standards; i++) {
		const sai_standard *o = &p->standards[i];

		if (i == l->std_index || !o->id || !l->std->id ||
		    strcmp(o->id, l->std->id))
			continue;
		at = std ? find_key(std, "id") : NULL;
		return sai_pack_lerr(l, at ? at : std, SA_ERR_PACK,
				     _("standard '%s' is loaded twice: "
				     "%s:%lu:%lu declares the same id (each "
				     "standard of a run needs its own id)"),
				     l->std->id, o->file, o->line, o->column);
	}
	return SA_OK;
}

/* Reads the body of a standard whose tree is loaded and header known. */
static sa_status read_body(sai_pack_loader *l, const xmlNode *root)
{
	const xmlNode *n;
	sa_status st = SA_OK;

	if ((n = find_key(root, "params")) && (st = sai_pack_read_params(l, n)))
		return st;
	if (!(n = find_key(find_key(root, "standard"), "jurisdiction")))
		n = find_key(root, "standard");
	if ((st = sai_pack_inherit_jurisdiction(l, n)) != SA_OK ||
	    (st = sai_pack_declare_jurisdiction(l, n)) != SA_OK)
		return st;
	if ((n = find_key(root, "grades")) && (st = sai_pack_read_grades(l, n)))
		return st;
	if (!n && (n = find_key(root, "pass-grade")))
		return sai_pack_lerr(l, n, SA_ERR_PACK, _("pass-grade names "
				     "one of the grades beside it, and this "
				     "pack has no 'grades'"));
	if ((n = find_key(root, "references")) &&
	    (st = sai_pack_read_references(l, n)))
		return st;
	if ((n = find_key(root, "profiles")) &&
	    (st = sai_pack_keep_profiles(l, n)))
		return st;
	if ((n = find_key(root, "indicators")) &&
	    (st = sai_pack_read_indicators(l, n, -1, 1)))
		return st;
	n = find_key(root, "rules");
	if (n)
		st = sai_pack_read_rules(l, n);
	return st;
}

static sa_status parse_pack(sai_pack_loader *l, const char *buf, size_t len,
			    xmlDocPtr *tree)
{
	sai_yaml_options yo;
	sai_yaml_reader *r;
	sa_status st;

	sai_yaml_options_default(&yo);
	yo.mark_items = 1;
	st = sai_yaml_open_buffer(buf, len, l->std->file, &yo, &r, l->err);
	if (st != SA_OK)
		return st;
	st = sai_yaml_next_document(r, "pack", tree, l->err);
	if (st == SA_OK && !*tree)
		st = sai_error_set(l->err, SA_ERR_PACK, l->std->file, 1, 1,
				   _("empty pack"));
	sai_yaml_free(r);
	if (st != SA_OK && l->err)
		sai_error_set_source(l->err, buf, len, l->err->line);
	return st;
}

static sa_status new_standard(sai_pack_loader *l, const char *path,
			      const char *real)
{
	sa_pack *p = l->pack;
	sai_standard *s;

	if (!(p->standards = sai_pack_grow(p->standards, &p->cap_standards,
					   p->n_standards, sizeof(*s))))
		return sai_pack_nomem(l);
	s = &p->standards[p->n_standards];
	memset(s, 0, sizeof(*s));
	s->file = sai_strdup(path);
	s->dir = dir_of(real);
	if (!s->file || !s->dir)
		return sai_pack_nomem(l);
	l->std = s;
	l->std_index = p->n_standards++;
	return SA_OK;
}

/* The real path of a pack file, used to load each file once. */
static sa_status real_path(sai_pack_loader *l, const char *path,
			   char out[PATH_MAX], const xmlNode *from)
{
	if (realpath(path, out))
		return SA_OK;
	if (from)
		return sai_pack_lerr(l, from, SA_ERR_PACK, _("cannot open pack "
				     "'%s': %s"), path, strerror(errno));
	return sai_error_set(l->err, SA_ERR_IO, path, 0, 0,
			     _("cannot open pack: %s"), strerror(errno));
}

static int loaded_real(const sa_pack *p, const char *real)
{
	size_t i;

	for (i = 0; i < p->n_standards; i++)
		if (p->standards[i].real && !strcmp(p->standards[i].real, real))
			return 1;
	return 0;
}

/* The standard a loader reads, or NULL (the top of sa_pack_load). */
static const sai_standard *std_of(const sai_pack_loader *l)
{
	return l->std ? &l->pack->standards[l->std_index] : NULL;
}

/* Refuses a file that extends itself, directly or through others: the
 * error names the chain, a → b → a. */
static sa_status check_cycle(sai_pack_loader *l, const char *real,
			     const xmlNode *from)
{
	const sai_pack_loader *chain[SAI_MAX_EXTENDS_DEPTH + 2], *u;
	const sai_standard *s;
	size_t n = 0, k, at = 0;
	sai_strbuf sb;
	int found = 0;

	for (u = l; u && (s = std_of(u)) && n < SAI_MAX_EXTENDS_DEPTH + 2;
	     u = u->up) {
		chain[n++] = u;
		if (!found && s->real && !strcmp(s->real, real)) {
			found = 1;
			at = n;
		}
	}
	if (!found)
		return SA_OK;
	sai_strbuf_init(&sb);
	for (k = at; k-- > 0;) {
		s = std_of(chain[k]);
		sai_strbuf_addf(&sb, "%s → ", s->id ? s->id : s->file);
	}
	s = std_of(chain[at - 1]);
	sai_strbuf_adds(&sb, s->id ? s->id : s->file);
	sai_pack_lerr(l, from, SA_ERR_PACK, _("'extends' makes a cycle: %s"),
		      sai_strbuf_str(&sb));
	sai_strbuf_release(&sb);
	return SA_ERR_PACK;
}

static sa_status load_one(sai_pack_loader *l, const char *path,
			  const char *inside, const xmlNode *from)
{
	sai_pack_loader sub = *l;
	char real[PATH_MAX];
	char *buf = NULL;
	size_t len = 0;
	sa_status st;
	const xmlNode *root;

	if (l->depth > SAI_MAX_EXTENDS_DEPTH)
		return sai_pack_lerr(l, from, SA_ERR_PACK, _("'extends' nested "
				     "more than %d deep (a cycle?)"),
				     SAI_MAX_EXTENDS_DEPTH);
	if ((st = real_path(l, path, real, from)) != SA_OK ||
	    (st = check_cycle(l, real, from)) != SA_OK)
		return st;
	if (loaded_real(l->pack, real))
		return SA_OK;
	if ((st = read_file(l, path, inside, &buf, &len, from)) != SA_OK)
		return st;
	sub.depth = l->depth + 1;
	sub.up = l;
	sub.buf = buf;
	sub.len = len;
	if ((st = new_standard(&sub, path, real)) != SA_OK)
		goto out;
	/* Remember the real path at once, so that a cycle ends here. */
	sub.std->real = sai_strdup(real);
	sai_sha256_hex(buf, len, sub.std->info.sha256);
	if (!sub.std->real) {
		st = sai_pack_nomem(&sub);
		goto out;
	}
	if ((st = parse_pack(&sub, buf, len, &sub.std->tree)) != SA_OK)
		goto out;
	root = xmlDocGetRootElement(sub.std->tree);
	if ((st = check_top_keys(&sub, root)) != SA_OK ||
	    (st = sai_pack_read_standard(&sub,
					 find_key(root, "standard"))) != SA_OK ||
	    (st = check_unique_id(&sub, root)) != SA_OK ||
	    (st = load_extends(&sub)) != SA_OK)
		goto out;
	/* load_extends may have moved the array: find ours again. */
	sub.std = &l->pack->standards[sub.std_index];
	st = read_body(&sub, xmlDocGetRootElement(sub.std->tree));
out:
	free(buf);
	return st;
}

sa_status sa_pack_load(sa_pack *p, const char *name, sa_error *err)
{
	sai_pack_loader l;
	char *path, *inside = NULL;
	sa_status st;

	memset(&l, 0, sizeof(l));
	l.pack = p;
	l.err = err;
	if (p->compiled)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the pack is already compiled"));
	path = resolve(p, name, NULL, &inside);
	if (!path) {
		free(inside);
		return sai_error_set(err, SA_ERR_USAGE, name, 0, 0,
				     _("no standard of that name in the search "
				     "path (stationaudit list shows them)"));
	}
	l.root = inside;
	st = inside ? load_one(&l, path, inside, NULL) : sai_pack_nomem(&l);
	free(path);
	free(inside);
	return st;
}

sa_status sa_pack_load_buffer(sa_pack *p, const char *buf, size_t len,
			      const char *file, const char *base_dir,
			      sa_error *err)
{
	sai_pack_loader l;
	sa_status st;
	const xmlNode *root;

	memset(&l, 0, sizeof(l));
	l.pack = p;
	l.err = err;
	l.buf = buf;
	l.len = len;
	if ((st = new_standard(&l, file, base_dir ? base_dir : "./x")) != SA_OK)
		return st;
	if (!base_dir) {
		free(l.std->dir);
		l.std->dir = sai_strdup(".");
	} else {
		free(l.std->dir);
		l.std->dir = sai_strdup(base_dir);
	}
	sai_sha256_hex(buf, len, l.std->info.sha256);
	if (!l.std->dir)
		return sai_pack_nomem(&l);
	l.root = l.std->dir;
	if ((st = parse_pack(&l, buf, len, &l.std->tree)) != SA_OK)
		return st;
	root = xmlDocGetRootElement(l.std->tree);
	if ((st = check_top_keys(&l, root)) != SA_OK ||
	    (st = sai_pack_read_standard(&l,
				       find_key(root, "standard"))) != SA_OK ||
	    (st = check_unique_id(&l, root)) != SA_OK ||
	    (st = load_extends(&l)) != SA_OK)
		return st;
	l.std = &p->standards[l.std_index];
	return read_body(&l, xmlDocGetRootElement(l.std->tree));
}

char *sa_pack_find_file(const sa_pack *p, const char *name)
{
	char *inside = NULL, *path;
	struct stat st;

	if (!p || !name)
		return NULL;
	path = resolve(p, name, NULL, &inside);
	/* Only a file sa_pack_load would read: a caller that reads it too
	 * (lint's schema check) must not open a FIFO or quote a file that
	 * lies outside the pack's folder. */
	if (path && (!inside || !sai_path_inside(path, inside) ||
		     stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		free(path);
		path = NULL;
	}
	free(inside);
	return path;
}
