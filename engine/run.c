/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run.c - a batch: dossier paths in, every record audited, every report
 * written (to a temporary file, renamed at the end).
 */
/* readdir's d_type is not POSIX: glibc names the DT_ values only for
 * _DEFAULT_SOURCE.  With it, a listing needs no stat for a folder, a link
 * or a file that is no dossier. */
#define _DEFAULT_SOURCE 1
#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/parser.h>

#include "collect-internal.h"
#include "contract-internal.h"
#include "diff-internal.h"
#include "tree-internal.h"
#include "eval-internal.h"
#include "idset-internal.h"
#include "output-internal.h"
#include "pack-internal.h"
#include "report-internal.h"
#include "sha256-internal.h"
#include "score-internal.h"
#include "source-internal.h"
#include "util-internal.h"
#include "waiver-internal.h"
#include "xmlreader-internal.h"
#include "i18n.h"

typedef struct report {
	const sai_report_writer *w;
	sai_output o;              /* where it goes (output-internal.h) */
	void *state;
	int failed;
	int locking;               /* the stream's locking before the run */
	struct sa_run *run;        /* the run it belongs to (make_scratch) */
	char *temp_dir;            /* the folder of the writer's temporary
				    * file, when that file failed */
} report;

static void restore_stream(report *rp);

/* A writer failed: the report is lost, and errno says why. */
static void report_failed(report *rp)
{
	sai_output_failed(&rp->o);
	rp->failed = 1;
}

struct sa_run {
	const sa_pack *pack;
	sa_run_options opts;
	sai_strlist paths;         /* files, in run order */
	size_t *sizes;             /* each one's size when listed, or
				    * SIZE_MAX (not a regular file then),
				    * or SIZE_UNKNOWN (make_units asks) */
	size_t sizes_cap;
	sa_error **refused;        /* per file: why it is not read (a named
				    * path, see named_refusal), or NULL */
	size_t n_refused;          /* refused's length (0: none yet) */
	xmlHashTablePtr files;     /* "dev:inode" of the files listed */
	sai_strlist skipped;       /* this run's reports a folder walk met
				    * (sa_run_skipped_report) */
	struct own_input {         /* files the run reads that are no
				    * dossiers: ledgers, the baseline,
				    * configuration and pack files */
		dev_t dev;
		ino_t ino;
		char *base;        /* the name in its folder */
	} *owns;
	size_t n_owns, cap_owns;
	int pack_owned;            /* the pack's files are in owns */
	sai_strlist skipped_inputs; /* those a folder walk met
				    * (sa_run_skipped_input) */
	report *reports;
	size_t n_reports;
	sai_report_input *inputs;
	size_t n_inputs;
	int digests;               /* hash every input (non-text reports) */
	int prerender;             /* workers render records (prerender) */
	atomic_size_t rendered;    /* bytes of those waiting for a writer */
	sai_waivers *waivers;      /* NULL without --waivers */
	sa_diff *baseline;         /* NULL without --baseline */
	int baseline_failed;       /* the comparison ran out of memory */
	sai_report_input *ledgers;
	size_t n_ledgers;
	int stdin_named;           /* "-" was added */
	sai_strlist read;          /* other files the caller read
				    * (sa_run_add_input) */
	sa_summary summary;
	sai_collection collection; /* what records keep for collection
				    * rules */
	sa_status collection_st;   /* SA_OK, or why a record's part is
				    * missing from it */
	sai_idset *ids;            /* the station ids seen, in run order */
	const xmlChar **id_files;  /* the files they were seen in, by
				    * number (names interned in names) */
	size_t n_id_files, cap_id_files;
	xmlDictPtr names;
	sa_status ids_st;          /* SA_OK, or out of memory keeping ids */
	sai_contract *contract;    /* opts.schema's contract, loaded once */
	sa_rule_summary *rules;
	size_t seq;
	pthread_mutex_t files_lock; /* the reports' temporary files: made,
				     * renamed and abandoned under it */
	int abandoned;             /* sa_run_abandon was called */
	struct run_progress {      /* opts.progress; times in ns */
		double start, last;
		size_t files_done; /* set under the pool's lock by the
				    * reporter, read by it */
	} progress;
	struct run_stats {         /* --stats; times in ns */
		double parse, audit, report, render, collection, wall;
		double *rule_ns;
		size_t *rule_calls;
	} stats;
};

void sa_run_options_init(sa_run_options *o)
{
	memset(o, 0, sizeof(*o));
	o->lang = sa_lang_default();
	o->schema = sa_schema_default();
}

sa_run *sa_run_new(const sa_pack *pack, const sa_run_options *opts)
{
	sa_run *r = calloc(1, sizeof(*r));
	const char *lang;
	size_t i;

	if (!r)
		return NULL;
	r->pack = pack;
	if (opts)
		r->opts = *opts;
	else
		sa_run_options_init(&r->opts);
	/* Messages follow the reports' language: one choice for both. */
	lang = sa_lang_set(r->opts.lang);
	r->opts.lang = lang ? lang : sa_lang_set(NULL);
	r->rules = calloc(pack->n_rules + 1, sizeof(*r->rules));
	if (r->opts.stats) {
		r->stats.rule_ns = calloc(pack->n_rules + 1, sizeof(double));
		r->stats.rule_calls = calloc(pack->n_rules + 1, sizeof(size_t));
	}
	if (!r->rules || (r->opts.stats && (!r->stats.rule_ns ||
					    !r->stats.rule_calls))) {
		free(r->rules);
		free(r->stats.rule_ns);
		free(r->stats.rule_calls);
		free(r);
		return NULL;
	}
	for (i = 0; i < pack->n_rules; i++)
		r->rules[i].rule = &pack->rules[i].info;
	pthread_mutex_init(&r->files_lock, NULL);
	atomic_init(&r->rendered, 0);
	return r;
}

void sa_run_free(sa_run *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n_reports; i++) {
		report *rp = &r->reports[i];

		if (rp->state && rp->w->free)
			rp->w->free(rp->state);
		if (rp->o.out)
			restore_stream(rp);
		sai_output_release(&rp->o);
		free(rp->temp_dir);
	}
	pthread_mutex_destroy(&r->files_lock);
	for (i = 0; i < r->n_inputs; i++)
		free((char *)r->inputs[i].path);
	free(r->inputs);
	free(r->ledgers);
	sai_waivers_free(r->waivers);
	sa_diff_free(r->baseline);
	free(r->reports);
	free(r->rules);
	free(r->stats.rule_ns);
	free(r->stats.rule_calls);
	sai_strlist_release(&r->paths);
	free(r->sizes);
	for (i = 0; i < r->n_refused; i++)
		free(r->refused[i]);
	free(r->refused);
	xmlHashFree(r->files, NULL);
	sai_strlist_release(&r->skipped);
	for (i = 0; i < r->n_owns; i++)
		free(r->owns[i].base);
	free(r->owns);
	sai_strlist_release(&r->skipped_inputs);
	sai_strlist_release(&r->read);
	sai_collection_release(&r->collection);
	sai_idset_free(r->ids);
	free(r->id_files);
	xmlDictFree(r->names);
	sai_contract_free(r->contract);
	free(r);
}

sa_status sa_run_add_report(sa_run *r, const char *format, const char *path,
			    sa_error *err)
{
	const sai_report_writer *w = sai_report_find(format);
	sai_output o;
	report *rp;
	size_t i;
	sa_status st;

	if (!w)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("unknown report format '%s'"), format);
	if ((st = sai_output_init(&o, path, err)) != SA_OK)
		goto fail;
	for (i = 0; i < r->n_reports; i++)
		if (sai_output_same(&r->reports[i].o, &o)) {
			st = sai_error_set(err, SA_ERR_USAGE, path ? path : "-",
					   0, 0, _("two reports cannot be written "
					   "to the same file or stream"));
			goto fail;
		}
	rp = realloc(r->reports, (r->n_reports + 1) * sizeof(*rp));
	if (!rp) {
		st = sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
		goto fail;
	}
	r->reports = rp;
	rp = &r->reports[r->n_reports++];
	memset(rp, 0, sizeof(*rp));
	rp->w = w;
	rp->run = r;
	rp->o = o;
	return SA_OK;
fail:
	sai_output_release(&o);
	return st;
}

/* ---- paths ------------------------------------------------------------ */

/* A walked dossier's size, left to make_units: stat'ing 40,000 files one
 * after the other in the listing was serial time before the first worker
 * started; make_units asks with -j N threads. */
#define SIZE_UNKNOWN (SIZE_MAX - 1)

static sa_status add_dir(sa_run *r, int fd, const char *dir, int depth,
			sa_error *err);

/* Adds a file to the run with its size: SIZE_MAX when stat said
 * nothing, SIZE_UNKNOWN when make_units is to ask (the size spares the
 * cutters opening every small file). */
static sa_status add_file(sa_run *r, const char *path, size_t size,
			  sa_error *err)
{
	if (r->paths.count >= r->sizes_cap) {
		size_t cap = r->sizes_cap ? r->sizes_cap * 2 : 64;
		size_t *grown = realloc(r->sizes, cap * sizeof(*grown));

		if (!grown)
			goto nomem;
		r->sizes = grown;
		r->sizes_cap = cap;
	}
	if (sai_strlist_add(&r->paths, path) < 0)
		goto nomem;
	r->sizes[r->paths.count - 1] = size;
	return SA_OK;
nomem:
	return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

/* Whether the file (dev, ino) is listed already: a file named twice
 * (directly, through a folder, or as a hard link) is one dossier, audited
 * once, at its first place in run order, so that a glob and a folder
 * that overlap never count a station twice.  1: listed, 0: not (now it
 * is), -1: out of memory. */
static int listed(sa_run *r, dev_t dev, ino_t ino)
{
	char key[48];

	snprintf(key, sizeof(key), "%jx:%jx", (uintmax_t)dev, (uintmax_t)ino);
	if (!r->files && !(r->files = xmlHashCreate(256)))
		return -1;
	if (xmlHashLookup(r->files, (const xmlChar *)key))
		return 1;
	return xmlHashAddEntry(r->files, (const xmlChar *)key, r) == 0 ?
	       0 : -1;
}

/* What stat says of a file's size: SIZE_MAX when not a regular file. */
static size_t stat_size(const struct stat *st)
{
	return S_ISREG(st->st_mode) && st->st_size >= 0 &&
	       (unsigned long long)st->st_size < SIZE_UNKNOWN ?
	       (size_t)st->st_size : SIZE_MAX;
}

/* What a folder entry is. */
enum { ENTRY_UNKNOWN, ENTRY_DIR, ENTRY_FILE, ENTRY_OTHER };

/* One entry of a folder: its name and what readdir said it is. */
typedef struct dir_entry {
	char *name;
	unsigned char type;     /* ENTRY_*; ENTRY_UNKNOWN: ask fstatat */
	ino_t ino;              /* its inode, as readdir or fstatat say */
} dir_entry;

static unsigned char readdir_type(const struct dirent *de)
{
#if defined(DT_DIR) && defined(DT_REG) && defined(DT_UNKNOWN)
	return de->d_type == DT_DIR ? ENTRY_DIR :
	       de->d_type == DT_REG ? ENTRY_FILE :
	       de->d_type == DT_UNKNOWN ? ENTRY_UNKNOWN : ENTRY_OTHER;
#else
	(void)de;
	return ENTRY_UNKNOWN;
#endif
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const dir_entry *)a)->name,
		      ((const dir_entry *)b)->name);
}

/* What an entry is, from readdir where the file system says, else from
 * fstatat without following a link: ENTRY_DIR, ENTRY_FILE or ENTRY_OTHER
 * (left out: a link, a device, a pipe, a file that is no dossier, one gone
 * since).  *size: a file's size when fstatat gave it, else SIZE_UNKNOWN. */
static unsigned char entry_type(int fd, dir_entry *e, size_t *size)
{
	struct stat st;

	*size = SIZE_UNKNOWN;
	if (e->type == ENTRY_DIR || e->type == ENTRY_OTHER)
		return e->type;
	if (!sai_source_format_of(e->name) && e->type == ENTRY_FILE)
		return ENTRY_OTHER;
	if (e->type == ENTRY_FILE)
		return ENTRY_FILE;
	if (fstatat(fd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return ENTRY_OTHER;
	*size = stat_size(&st);
	e->ino = st.st_ino;
	return S_ISDIR(st.st_mode) ? ENTRY_DIR :
	       S_ISREG(st.st_mode) && sai_source_format_of(e->name) ?
	       ENTRY_FILE : ENTRY_OTHER;
}

/* How deep a folder walk goes below a folder named to the run. */
#define DEPTH_MAX 64

static sa_status add_refused(sa_run *r, const char *path, const sa_error *e,
			     sa_error *err);

/* Notes a file the run reads that is no dossier (a waiver ledger, the
 * baseline, a configuration or pack file), known by its identity: a
 * folder walk that meets it leaves it out, whatever name led there.  A
 * file that is not there (yet) is nothing to leave out.  SA_OK or
 * SA_ERR_NOMEM. */
static sa_status note_own(sa_run *r, const char *path)
{
	struct stat st;
	const char *slash;
	struct own_input *o;

	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return SA_OK;
	if (r->n_owns == r->cap_owns) {
		size_t cap = r->cap_owns ? r->cap_owns * 2 : 8;

		if (!(o = realloc(r->owns, cap * sizeof(*o))))
			return SA_ERR_NOMEM;
		r->owns = o;
		r->cap_owns = cap;
	}
	o = &r->owns[r->n_owns];
	slash = strrchr(path, '/');
	if (!(o->base = sai_strdup(slash ? slash + 1 : path)))
		return SA_ERR_NOMEM;
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	r->n_owns++;
	return SA_OK;
}

/* The pack's standards and the schema, noted once, before the first
 * path is added (the pack is loaded before the run is made). */
static sa_status note_pack_files(sa_run *r)
{
	const sa_pack *p = r->pack;
	sa_status st = SA_OK;
	size_t i;

	if (r->pack_owned)
		return SA_OK;
	r->pack_owned = 1;
	for (i = 0; st == SA_OK && i < p->n_standards; i++)
		st = note_own(r, p->standards[i].file);
	for (i = 0; st == SA_OK && i < p->n_refdecls; i++)
		st = note_own(r, p->refdecls[i].path);
	return st == SA_OK ? note_own(r, r->opts.schema) : st;
}

/* Whether a folder's file (fd, e) is one the run reads as no dossier
 * (note_own).  As walked_report, stat is asked only when readdir's inode
 * or the name matches. */
static int walked_input(const sa_run *r, int fd, dev_t dev,
			const dir_entry *e)
{
	struct stat st;
	size_t i;
	int maybe = 0;

	for (i = 0; i < r->n_owns && !maybe; i++)
		maybe = (r->owns[i].dev == dev && r->owns[i].ino == e->ino) ||
			!strcmp(r->owns[i].base, e->name);
	if (!maybe || fstatat(fd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	for (i = 0; i < r->n_owns; i++)
		if (r->owns[i].dev == st.st_dev && r->owns[i].ino == st.st_ino)
			return 1;
	return 0;
}

/* The report of this run that the regular file st is, or NULL. */
static const report *report_at(const sa_run *r, const char *path,
			       const struct stat *st)
{
	size_t i;

	for (i = 0; i < r->n_reports; i++)
		if (sai_output_is(&r->reports[i].o, path, st))
			return &r->reports[i];
	return NULL;
}

/* Whether a folder's file (fd, e) is one of this run's reports: the
 * previous run's report, about to be replaced, is no dossier.  A file
 * is asked about only when readdir's inode or its name matches a
 * report's (readdir's inode is not stat's on every file system). */
static int walked_report(const sa_run *r, int fd, dev_t dev,
			 const dir_entry *e)
{
	struct stat st;
	size_t i;
	int maybe = 0;

	for (i = 0; i < r->n_reports && !maybe; i++) {
		const sai_output *o = &r->reports[i].o;
		const char *slash = o->target ? strrchr(o->target, '/') : NULL;
		const char *base = slash ? slash + 1 : o->target;

		maybe = (o->known && o->dev == dev && o->ino == e->ino) ||
			(base && !strcmp(base, e->name));
	}
	return maybe && fstatat(fd, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       report_at(r, NULL, &st);
}

static sa_status add_entry(sa_run *r, int fd, dev_t dev, const char *dir,
			   dir_entry *e, int depth, sa_error *err)
{
	size_t size;
	unsigned char type = entry_type(fd, e, &size);
	sai_strbuf sb;
	sa_status rc = SA_OK;
	int sub, mine = type == ENTRY_FILE && walked_report(r, fd, dev, e);
	int input = type == ENTRY_FILE && !mine &&
		    walked_input(r, fd, dev, e);
	int seen = type == ENTRY_FILE && !mine && !input ?
		   listed(r, dev, e->ino) : 0;

	if (type == ENTRY_OTHER || seen > 0)
		return SA_OK;
	if (seen < 0)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s%s%s", dir,
			dir[strlen(dir) - 1] == '/' ? "" : "/", e->name);
	if (sb.failed || (mine && sai_strlist_add(&r->skipped,
						  sai_strbuf_str(&sb)) < 0) ||
	    (input && sai_strlist_add(&r->skipped_inputs,
				      sai_strbuf_str(&sb)) < 0))
		rc = sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
	else if (type == ENTRY_FILE)
		rc = mine || input ? SA_OK :
		     add_file(r, sai_strbuf_str(&sb), size, err);
	else if (depth >= DEPTH_MAX) {
		/* Said, not skipped: a dossier down there would go unread. */
		sa_error why;

		sa_error_clear(&why);
		sai_error_set(&why, SA_ERR_IO, sai_strbuf_str(&sb), 0, 0,
			      _("a folder nested more than %d levels below the "
			      "folder named: not read"), DEPTH_MAX);
		rc = add_refused(r, sai_strbuf_str(&sb), &why, err);
	} else {
		/* Never through a link, even one put there since readdir. */
		sub = openat(fd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			     O_CLOEXEC);
		if (sub >= 0)
			rc = add_dir(r, sub, sai_strbuf_str(&sb), depth + 1,
				     err);
		else if (errno != ELOOP && errno != ENOTDIR)
			rc = sai_error_set(err, SA_ERR_IO, sai_strbuf_str(&sb),
					   0, 0, _("cannot read folder: %s"),
					   strerror(errno));
	}
	sai_strbuf_release(&sb);
	return rc;
}

/* Walks a folder (fd, which this closes) for dossier files, in name
 * order; hidden entries and symbolic links are left out (no loops). */
static sa_status add_dir(sa_run *r, int fd, const char *dir, int depth,
			 sa_error *err)
{
	struct stat fst;
	DIR *d = fstat(fd, &fst) == 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	dir_entry *items = NULL, *grown;
	size_t n = 0, cap = 0, i;
	sa_status st = SA_OK;

	if (!d) {
		st = sai_error_set(err, SA_ERR_IO, dir, 0, 0,
				   _("cannot read folder: %s"),
				   strerror(errno));
		close(fd);
		return st;
	}
	while (st == SA_OK && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = realloc(items, cap * sizeof(*items)))) {
				st = SA_ERR_NOMEM;
				break;
			}
			items = grown;
		}
		if (!(items[n].name = strdup(de->d_name))) {
			st = SA_ERR_NOMEM;
			break;
		}
		items[n].ino = de->d_ino;
		items[n++].type = readdir_type(de);
	}
	if (st == SA_ERR_NOMEM)
		st = sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				   _("out of memory"));
	if (n)
		qsort(items, n, sizeof(*items), cmp_entry);
	for (i = 0; i < n && st == SA_OK; i++)
		st = add_entry(r, dirfd(d), fst.st_dev, dir, &items[i], depth,
			       err);
	for (i = 0; i < n; i++)
		free(items[i].name);
	free(items);
	closedir(d);
	return st;
}


/* Why a path named to the run is not read (SA_OK: it is).  A dossier
 * is a regular file, and a symbolic link (the path or any folder on the
 * way to it) is followed only inside the folder that holds the link, as
 * a pack's files are: in CI a shell glob over an untrusted checkout names
 * its links too, and a link to /etc/shadow or /proc/self/environ would
 * put a line of it in the reports (a FIFO would hang the run, /dev/zero
 * never end it).  st: what stat (links followed) said of path, or NULL. */
static sa_status named_refusal(const char *path, const struct stat *st,
			       sa_error *e)
{
	char link[4096], dir[4096];

	sa_error_clear(e);
	if (sai_outward_link(path, link, dir, sizeof(link)))
		return sai_error_set(e, SA_ERR_IO, path, 0, 0,
				     _("the symbolic link %s leads outside "
				     "its folder %s: refused (a named path "
				     "follows links only inside the folder "
				     "that holds them; name what it leads "
				     "to instead)"), link, dir);
	if (st && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
		return sai_error_set(e, SA_ERR_IO, path, 0, 0,
				     _("%s, not a dossier file: refused "
				     "(standard input is read as \"-\")"),
				     sai_file_kind_name(st->st_mode));
	return SA_OK;
}

/* Adds a named path that is not read: its error becomes the file's load
 * error, and the batch goes on. */
static sa_status add_refused(sa_run *r, const char *path, const sa_error *e,
			     sa_error *err)
{
	sa_status st = add_file(r, path, SIZE_MAX, err);
	sa_error **grown;

	if (st != SA_OK)
		return st;
	if (!(grown = realloc(r->refused, r->sizes_cap * sizeof(*grown))))
		goto nomem;
	memset(grown + r->n_refused, 0,
	       (r->sizes_cap - r->n_refused) * sizeof(*grown));
	r->refused = grown;
	r->n_refused = r->sizes_cap;
	if (!(r->refused[r->paths.count - 1] = malloc(sizeof(*e))))
		goto nomem;
	*r->refused[r->paths.count - 1] = *e;
	return SA_OK;
nomem:
	return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

sa_status sa_run_add_path(sa_run *r, const char *path, sa_error *err)
{
	struct stat st;
	sa_error why;
	int known = strcmp(path, "-") != 0 && stat(path, &st) == 0;
	int fd, seen;

	if (note_pack_files(r) != SA_OK)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	if (!strcmp(path, "-") && r->stdin_named++)
		return sai_error_set(err, SA_ERR_USAGE, "-", 0, 0,
				     _("standard input is named twice: it "
				     "holds one input, read once"));
	if (strcmp(path, "-") != 0 &&
	    report_at(r, path, known ? &st : NULL))
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0,
				     _("this is a report the run writes, not a "
				     "dossier: name the dossiers, or write the "
				     "report elsewhere"));
	if (strcmp(path, "-") != 0 &&
	    named_refusal(path, known ? &st : NULL, &why) != SA_OK)
		return add_refused(r, path, &why, err);
	if (known && S_ISDIR(st.st_mode)) {
		if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			return sai_error_set(err, SA_ERR_IO, path, 0, 0,
					     _("cannot read folder: %s"),
					     strerror(errno));
		return add_dir(r, fd, path, 0, err);
	}
	if (known && S_ISREG(st.st_mode) &&
	    (seen = listed(r, st.st_dev, st.st_ino)) != 0)
		return seen > 0 ? SA_OK : sai_error_set(err, SA_ERR_NOMEM,
							NULL, 0, 0,
							_("out of memory"));
	/* A file that does not exist is still added: it becomes a load
	 * error of the run, so that the batch goes on. */
	return add_file(r, path, known ? stat_size(&st) : SIZE_MAX, err);
}

size_t sa_run_file_count(const sa_run *r)
{
	return r->paths.count;
}

const char *sa_run_skipped_report(const sa_run *r, size_t i)
{
	return i < r->skipped.count ? r->skipped.items[i] : NULL;
}

const char *sa_run_skipped_input(const sa_run *r, size_t i)
{
	return i < r->skipped_inputs.count ? r->skipped_inputs.items[i] :
	       NULL;
}

sa_status sa_run_set_baseline(sa_run *r, const char *old_report,
			      sa_error *err)
{
	sa_diff *d;
	sa_status st;

	if (r->baseline)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a run has one baseline"));
	if ((st = sai_diff_begin(old_report, &d, err)) != SA_OK)
		return st;
	r->baseline = d;
	if (note_own(r, old_report) != SA_OK)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

/* ---- reports ------------------------------------------------------------ */

/* A writer's work file (sai_report_context.scratch), made under the lock
 * that sa_run_abandon takes, so that it is removed with the run's other
 * files; a copy of its path (caller frees), or NULL with errno set. */
static char *make_scratch(void *arg)
{
	report *rp = arg;
	char *path = NULL;

	pthread_mutex_lock(&rp->run->files_lock);
	if (rp->run->abandoned)
		errno = EINTR;
	else if (sai_output_scratch(&rp->o, rp->w->name) == 0 &&
		 !(path = sai_strdup(rp->o.scratch)))
		errno = ENOMEM;
	pthread_mutex_unlock(&rp->run->files_lock);
	return path;
}

/* A writer's temporary file failed (sai_report_context.temp_failed): its
 * folder is named in the run's error (report_error).  Writers run one at
 * a time; the first failure is kept. */
static void temp_failed(void *arg, const char *dir)
{
	report *rp = arg;

	if (!rp->temp_dir)
		rp->temp_dir = sai_strdup(dir);
}

static void report_context(const sa_run *r, const report *rp,
			   sai_report_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->out = rp->o.out;
	ctx->path = rp->o.path ? rp->o.path : "-";
	ctx->pack = r->pack;
	ctx->opts = &r->opts;
	ctx->inputs = r->inputs;
	ctx->input_count = r->n_inputs;
	ctx->ledgers = r->ledgers;
	ctx->ledger_count = r->n_ledgers;
	ctx->tool_version = sa_version();
	ctx->baseline = r->baseline;
	ctx->scratch = make_scratch;
	ctx->temp_failed = temp_failed;
	ctx->scratch_arg = (void *)rp;
}

/* Writers run one at a time under the pool's lock, so a report stream
 * needs no lock of its own: stdio's per-call locking was a tenth of a
 * JSON report's cost.  Standard output gets its locking back at the end. */
static void unlocked_stream(report *rp)
{
#ifdef HAVE___FSETLOCKING
	rp->locking = __fsetlocking(rp->o.out, FSETLOCKING_BYCALLER);
#else
	(void)rp;
#endif
}

static void restore_stream(report *rp)
{
#ifdef HAVE___FSETLOCKING
	if (rp->locking == FSETLOCKING_INTERNAL)
		__fsetlocking(rp->o.out, FSETLOCKING_INTERNAL);
#else
	(void)rp;
#endif
}

static int job_count(const sa_run *r);

/* Opens a report's output; its temporary file, if it has one, is made
 * under the lock that sa_run_abandon takes, so that none is left.  What
 * is written in place (a device, a FIFO, a descriptor) leaves no file
 * behind and is opened without the lock: opening a FIFO waits for a
 * reader, and a signal's sa_run_abandon must not wait behind it. */
static sa_status open_report(sa_run *r, report *rp, sa_error *err)
{
	int in_place = rp->o.in_place || rp->o.fd >= 0;
	sa_status st;

	/* With more than one job a report file is written by a thread of
	 * its own (output-internal.h); one job stays one thread. */
	rp->o.spool = job_count(r) > 1;
	pthread_mutex_lock(&r->files_lock);
	st = r->abandoned ? sai_error_set(err, SA_ERR_IO, NULL, 0, 0,
					  _("the run was abandoned")) :
		in_place ? SA_OK : sai_output_open(&rp->o, err);
	pthread_mutex_unlock(&r->files_lock);
	if (st == SA_OK && in_place)
		st = sai_output_open(&rp->o, err);
	if (st == SA_OK)
		unlocked_stream(rp);
	return st;
}

static sa_status begin_reports(sa_run *r, sa_error *err)
{
	sai_report_context ctx;
	size_t i;
	sa_status st;

	for (i = 0; i < r->n_reports; i++) {
		report *rp = &r->reports[i];

		if ((st = open_report(r, rp, err)) != SA_OK)
			return st;
		report_context(r, rp, &ctx);
		if (rp->w->begin(&rp->state, &ctx) < 0)
			report_failed(rp);
	}
	return SA_OK;
}

static void tally(sa_run *r, const sa_record_result *rr)
{
	const sa_pack *p = r->pack;
	size_t i;
	int failing = 0;

	r->summary.records += rr->load_error || rr->collection ? 0 : 1;
	r->summary.unreadable += rr->load_error ? 1 : 0;
	for (i = 0; i < rr->finding_count; i++) {
		const sa_finding *f = &rr->findings[i];
		const sai_rule *rule = (const sai_rule *)(const void *)f->rule;

		r->summary.findings[f->status]++;
		if (f->status == SA_FINDING_FAIL) {
			r->summary.fail_by_severity[f->severity]++;
			failing = 1;
		}
		if (rule >= p->rules && rule < p->rules + p->n_rules)
			r->rules[rule - p->rules].counts[f->status]++;
	}
	/* Collection and waiver pseudo-records are not stations. */
	r->summary.records_failing += failing && !rr->collection;
	r->summary.not_assessed += rr->not_assessed;
}

/* The run's <records> document, made on first use; NULL when out of
 * memory. */
static xmlDocPtr collection_doc(sa_run *r)
{
	if (!sai_collection_doc(&r->collection) &&
	    r->collection_st == SA_OK)
		r->collection_st = sai_collection_init(&r->collection);
	return r->collection_st == SA_OK ?
		sai_collection_doc(&r->collection) : NULL;
}

/* The record's text made by a worker no longer says what the record is. */
static void drop_rendered(sa_run *r, sai_result *res)
{
	size_t i;

	for (i = 0; i < res->n_rendered; i++) {
		if (!res->rendered[i].text)
			continue;
		atomic_fetch_sub(&r->rendered, res->rendered[i].len);
		free(res->rendered[i].text);
		res->rendered[i].text = NULL;
	}
}

/* The number of the file a record of the run comes from: records come
 * in run order, so a file is numbered when its first record comes
 * (UINT32_MAX: out of memory). */
static uint32_t id_file(sa_run *r, const char *file)
{
	const xmlChar *name;
	const xmlChar **grown;

	if (!r->names && !(r->names = xmlDictCreate()))
		return UINT32_MAX;
	if (!(name = xmlDictLookup(r->names, (const xmlChar *)file, -1)))
		return UINT32_MAX;
	if (r->n_id_files && r->id_files[r->n_id_files - 1] == name)
		return (uint32_t)(r->n_id_files - 1);
	if (r->n_id_files >= UINT32_MAX - 1)
		return UINT32_MAX;
	if (r->n_id_files == r->cap_id_files) {
		r->cap_id_files = r->cap_id_files ? r->cap_id_files * 2 : 64;
		grown = realloc(r->id_files, r->cap_id_files * sizeof(*grown));
		if (!grown)
			return UINT32_MAX;
		r->id_files = grown;
	}
	r->id_files[r->n_id_files] = name;
	return (uint32_t)r->n_id_files++;
}

/* Whether res repeats the station id of an earlier record of the run
 * (in run order): it is then not assessed (SA-DUPLICATE), left out of
 * the collection and counted apart, so that one station never weighs
 * twice in a share, a count or a ranking. */
static int duplicate(sa_run *r, sai_result *res)
{
	const char *id = res->pub.record_id;
	uint32_t file, first;
	unsigned long line;
	int seen;

	if (!id || !*id || res->pub.load_error || r->ids_st != SA_OK)
		return 0;
	if (!r->ids && !(r->ids = sai_idset_new(SAI_IDSET_HELD)))
		goto nomem;
	if ((file = id_file(r, res->pub.file ? res->pub.file : "-")) ==
	    UINT32_MAX ||
	    (seen = sai_idset_add(r->ids, id, file, res->pub.line, &first,
				  &line)) < 0)
		goto nomem;
	if (!seen)
		return 0;
	drop_rendered(r, res);
	if (sai_assess_duplicate(r->pack, res,
				 (const char *)r->id_files[first], line,
				 strcmp(r->opts.lang, "en") ? 0 : 1) != SA_OK)
		goto nomem;
	return 1;
nomem:
	r->ids_st = SA_ERR_NOMEM;
	return 0;
}

/* Copies a record's projection into the run's collection, in run order,
 * unless it repeats a station, and frees it: the collection keeps it
 * compactly. */
static void collect(sa_run *r, sai_result *res, int repeated)
{
	if (!res->projection)
		return;
	if (!repeated && collection_doc(r))
		r->collection_st = sai_collection_add(&r->collection,
						      res->projection);
	sai_tree_free(res->projection);
	res->projection = NULL;
}

/* Tells opts.progress how far the run is, at most every progress_ms
 * (the clock is read only when there is a callback). */
static void progress_tick(sa_run *r, int final)
{
	sa_progress p;
	double t, every;

	if (!r->opts.progress)
		return;
	t = sai_now_ns();
	every = (r->opts.progress_ms ? r->opts.progress_ms : SA_PROGRESS_MS) *
		1e6;
	if (!final && t - r->progress.last < every)
		return;
	r->progress.last = t;
	memset(&p, 0, sizeof(p));
	/* The records the summary counts: no pseudo-record (the
	 * collection's findings), no file that could not be read. */
	p.records = r->summary.records;
	p.files = r->paths.count;
	p.files_done = final ? r->paths.count : r->progress.files_done;
	p.seconds = (t - r->progress.start) / 1e9;
	p.final = final;
	r->opts.progress(r->opts.progress_data, &p);
}

static void report_record(sa_run *r, sai_result *res)
{
	sai_report_context ctx;
	double t0 = r->opts.stats ? sai_now_ns() : 0;
	size_t i;

	collect(r, res, duplicate(r, res));
	if (r->waivers)
		sai_waivers_apply(r->waivers, r->pack,
				  sa_pack_audit_date(r->pack), res);
	res->pub.seq = r->seq++;
	res->pub.verdict_at = r->opts.verdict_at;
	tally(r, &res->pub);
	/* Compared before the writers see the record: they read its
	 * baseline state.  Out of memory fails the run at its end. */
	if (r->baseline && sai_diff_add_result(r->baseline, &res->pub) !=
	    SA_OK) {
		sa_diff_free(r->baseline);
		r->baseline = NULL;
		r->baseline_failed = 1;
	}
	for (i = 0; i < r->n_reports; i++) {
		report *rp = &r->reports[i];
		const sai_rendered *pre = i < res->n_rendered &&
					  res->rendered[i].text ?
					  &res->rendered[i] : NULL;

		if (pre)        /* no longer waiting, written or not */
			atomic_fetch_sub(&r->rendered, pre->len);
		if (rp->failed)
			continue;
		report_context(r, rp, &ctx);
		if (pre ? rp->w->record_rendered(rp->state, &ctx, &res->pub,
						 pre->text, pre->len) < 0 :
		    rp->w->record(rp->state, &ctx, &res->pub) < 0)
			report_failed(rp);
	}
	progress_tick(r, 0);
	if (r->opts.stats)
		r->stats.report += sai_now_ns() - t0;
}

static sa_status report_error(const report *rp, const char *what,
				sa_error *err)
{
	const char *why = strerror(rp->o.error ? rp->o.error : EIO);

	if (rp->temp_dir)
		return sai_error_set(err, SA_ERR_IO, rp->o.path ? rp->o.path :
				     "-", 0, 0, _("%s: its temporary file in "
				     "%s: %s"), what, rp->temp_dir, why);
	return sai_error_set(err, SA_ERR_IO, rp->o.path ? rp->o.path : "-", 0,
			     0, "%s: %s", what, why);
}

/* Renames the reports' temporary files over their targets, all of them
 * or, when bad names a report that failed, none. */
static sa_status commit_reports(sa_run *r, const report *bad,
				const report *pipe, sa_error *err)
{
	sa_status st = SA_OK;
	size_t i;

	pthread_mutex_lock(&r->files_lock);
	if (bad || r->abandoned) {
		for (i = 0; i < r->n_reports; i++)
			sai_output_discard(&r->reports[i].o);
		st = r->abandoned ?
			sai_error_set(err, SA_ERR_IO, NULL, 0, 0,
				      _("the run was abandoned")) :
			report_error(bad, _("cannot write the report (no report "
				     "of this run was kept)"), err);
	}
	for (i = 0; i < r->n_reports && st == SA_OK; i++) {
		report *rp = &r->reports[i];

		if (sai_output_commit(&rp->o) != 0) {
			sai_output_failed(&rp->o);
			st = report_error(rp, _("cannot replace the report"), err);
		}
	}
	pthread_mutex_unlock(&r->files_lock);
	if (st == SA_OK && pipe)
		st = sai_error_set(err, SA_ERR_PIPE, pipe->o.path ?
				   pipe->o.path : "-", 0, 0, _("the report's "
				   "reader went away (broken pipe)"));
	return st;
}

void sa_run_abandon(sa_run *r)
{
	size_t i;

	pthread_mutex_lock(&r->files_lock);
	r->abandoned = 1;
	for (i = 0; i < r->n_reports; i++)
		sai_output_discard(&r->reports[i].o);
	pthread_mutex_unlock(&r->files_lock);
}

/* Ends and closes every report, then renames them all or none: a run
 * that could not write one of its files (or was abandoned) leaves the
 * previous reports as they were.  A stream whose reader went away
 * (EPIPE: piped into head) does not stop the files: SA_ERR_PIPE then. */
static sa_status end_reports(sa_run *r, sa_error *err)
{
	sai_report_context ctx;
	const report *bad = NULL, *pipe = NULL;
	size_t i;

	for (i = 0; i < r->n_reports; i++) {
		report *rp = &r->reports[i];

		report_context(r, rp, &ctx);
		errno = 0;
		if (!rp->failed && rp->w->end(rp->state, &ctx, &r->summary,
					      r->rules, r->pack->n_rules) < 0)
			report_failed(rp);
		restore_stream(rp);
		if (sai_output_close(&rp->o) != 0)
			rp->failed = 1;
		if (rp->failed && sai_output_broken_pipe(&rp->o))
			pipe = pipe ? pipe : rp;
		else if (rp->failed)
			bad = bad ? bad : rp;
	}
	return commit_reports(r, bad, pipe, err);
}

/* ---- auditing ------------------------------------------------------------
 *
 * Worker threads take files; the worker that takes a file parses it, and
 * the records it parses are audited either by itself or, when another
 * worker is idle, by that worker (through a small queue of parsed
 * records), so that one 40,000-station stream uses every core too.
 * Reports must not depend on -j, so results reach the writers in input
 * order: each file keeps its results by record position, and the head
 * (the first file not yet fully reported) moves on as its results come
 * in.  What is kept stays bounded: no file is started more than WINDOW
 * files ahead of the head, a parser that has PENDING_MAX results
 * waiting audits queued records (or waits) before it parses more, and no
 * file is started while the run holds PENDING_JOB unreported results a
 * worker (none are held before the head's file starts): when the
 * reports are what takes the time (four of them over a 600,000-record
 * stream), or wait for a cut file's digest, the parts of a stream would
 * otherwise pile up their results WINDOW parts deep.
 */

#define WINDOW 64
#define PENDING_MAX 1024
#define PENDING_JOB 512
#define REPORT_BATCH 64

typedef struct file_slot {
	sai_result *res;           /* position i is res[i - base] */
	char *ready;               /* res[i - base] is there */
	size_t base;               /* first position still kept */
	size_t n, cap;             /* positions handed out; room */
	size_t out;                /* next position to report */
	int parsed;                /* the parser is done with the file */
} file_slot;

typedef struct job {
	size_t file, idx;
	sa_record *rec;
} job;

/* What a worker takes: a file, or a part of a long stream (YAML cut at
 * document markers, XML before records), so that one stream is parsed
 * by every worker. */
typedef struct unit {
	size_t file;               /* in the run's paths */
	sai_part part;             /* len 0: the whole file */
} unit;


typedef struct pool {
	sa_run *run;
	pthread_mutex_t lock;
	pthread_cond_t turn;
	file_slot *slots;          /* one a unit */
	unit *units;
	struct cut_file {          /* a file's parts, by path index */
		size_t left;       /* parts not parsed yet */
		size_t records;    /* records its parts gave */
		int failed;        /* a part could not be read */
	} *cut;
	size_t n, next, head;      /* units; next to start; first unreported */
	job *q;                    /* parsed records waiting for a worker */
	size_t qcap, qfirst, qlen;
	size_t pending;            /* results not reported yet */
	size_t pending_max;        /* no new file beyond that */
	int parsers;               /* files being parsed */
	int idle;                  /* workers with nothing to do */
	int reporting;             /* a thread is writing reports */
	int hashing;               /* cut files are being hashed (hash_cut)
				    * and a report gives each record its
				    * file's digest: their records wait */
	sai_result batch[REPORT_BATCH];  /* what it writes */
	sa_status failed;          /* first fatal error of a worker */
} pool;

/* A worker's own: its times (--stats, added to the run's when it ends)
 * and its render states. */
typedef struct wtimes {
	double parse, audit, render;
	void **rstate;             /* per report, made when first used */
} wtimes;

/* Reports what is ready at the head, in order, and moves the head past
 * finished files (lock held on entry and on return).  The writing itself
 * runs without the lock, by one thread at a time (the reporter), a batch
 * at a time: parsers and auditors must not wait for report files.  A
 * thread that finds a reporter at work leaves its results to it, which
 * looks again before it stops. */
static void advance(pool *pl)
{
	size_t n, i;

	if (pl->reporting)
		return;
	pl->reporting = 1;
	for (;;) {
		n = 0;
		while (pl->head < pl->n && n < REPORT_BATCH) {
			file_slot *fs = &pl->slots[pl->head];

			if (pl->hashing && pl->units[pl->head].part.len)
				break;

			while (n < REPORT_BATCH && fs->out < fs->n &&
			       fs->ready[fs->out - fs->base]) {
				pl->batch[n++] = fs->res[fs->out - fs->base];
				fs->ready[fs->out - fs->base] = 0;
				fs->out++;
				pl->pending--;
			}
			if (!fs->parsed || fs->out < fs->n)
				break;
			free(fs->res);
			free(fs->ready);
			fs->res = NULL;
			fs->ready = NULL;
			pl->head++;
		}
		/* Units are in file order: the files before the head's are
		 * reported whole. */
		pl->run->progress.files_done = pl->head < pl->n ?
			pl->units[pl->head].file : pl->run->paths.count;
		if (n == 0)
			break;
		pthread_cond_broadcast(&pl->turn);
		pthread_mutex_unlock(&pl->lock);
		for (i = 0; i < n; i++) {
			report_record(pl->run, &pl->batch[i]);
			sai_result_release(&pl->batch[i]);
		}
		pthread_mutex_lock(&pl->lock);
	}
	pl->reporting = 0;
	pthread_cond_broadcast(&pl->turn);
}

/* The next record position of a file (lock held); (size_t)-1 when out of
 * memory.  Reported positions are dropped first, so that what a file
 * keeps does not grow with its records. */
static size_t take_position(file_slot *fs)
{
	if (fs->n - fs->base == fs->cap && fs->out > fs->base) {
		size_t keep = fs->n - fs->out, gone = fs->out - fs->base;

		memmove(fs->res, fs->res + gone, keep * sizeof(*fs->res));
		memmove(fs->ready, fs->ready + gone, keep);
		memset(fs->ready + keep, 0, fs->cap - keep);
		fs->base = fs->out;
	}
	if (fs->n - fs->base == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 16;
		sai_result *r = realloc(fs->res, cap * sizeof(*r));
		char *k;

		if (!r)
			return (size_t)-1;
		fs->res = r;
		if (!(k = realloc(fs->ready, cap)))
			return (size_t)-1;
		memset(k + fs->cap, 0, cap - fs->cap);
		fs->ready = k;
		fs->cap = cap;
	}
	return fs->n++;
}

/* Stores a result at its position and reports what it unblocks (lock
 * held). */
static void store(pool *pl, size_t file, size_t idx, sai_result *res)
{
	file_slot *fs = &pl->slots[file];

	fs->res[idx - fs->base] = *res;
	fs->ready[idx - fs->base] = 1;
	pl->pending++;
	advance(pl);
}

static void fail(pool *pl, sa_status st)
{
	if (pl->failed == SA_OK)
		pl->failed = st;
	pthread_cond_broadcast(&pl->turn);
}

/* With more than one job, the writers that can (JSON, CSV) have the
 * record's text made here, by the worker, for the one writer at the head
 * of the run to copy: on many cores that writer is what the run waits for.
 * Only when nothing changes a result after its audit (no waivers, no
 * --baseline; r->prerender), and while the texts made and not yet
 * written stay under RENDER_HELD bytes (results wait for the head up to
 * PENDING_JOB a worker: at 16 KB a national record that would be 8 MB a
 * worker more); a text not made is made by the writer. */
#define RENDER_HELD ((size_t)32 << 20)

static void prerender(sa_run *r, sai_result *res, wtimes *wt)
{
	sai_report_context ctx;
	double t0 = r->opts.stats ? sai_now_ns() : 0;
	size_t i;

	res->pub.verdict_at = r->opts.verdict_at;
	for (i = 0; i < r->n_reports; i++) {
		const sai_report_writer *w = r->reports[i].w;
		sai_rendered *pre;

		if (!w->render)
			continue;
		if (atomic_load_explicit(&r->rendered, memory_order_relaxed) >=
		    RENDER_HELD)
			break;
		if (!wt->rstate &&
		    !(wt->rstate = calloc(r->n_reports, sizeof(void *))))
			break;
		if (!wt->rstate[i]) {
			/* What a writer may read beside the run. */
			memset(&ctx, 0, sizeof(ctx));
			ctx.pack = r->pack;
			ctx.opts = &r->opts;
			if (!(wt->rstate[i] = w->render_new(&ctx)))
				continue;
		}
		if (!res->rendered &&
		    !(res->rendered = calloc(r->n_reports, sizeof(*pre))))
			break;
		res->n_rendered = r->n_reports;
		pre = &res->rendered[i];
		if (w->render(wt->rstate[i], &res->pub, &pre->text,
			      &pre->len) < 0)
			pre->text = NULL;
		else
			atomic_fetch_add(&r->rendered, pre->len);
	}
	if (r->opts.stats)
		wt->render += sai_now_ns() - t0;
}

static void free_rstates(const sa_run *r, wtimes *wt)
{
	size_t i;

	for (i = 0; wt->rstate && i < r->n_reports; i++)
		if (wt->rstate[i])
			r->reports[i].w->render_free(wt->rstate[i]);
	free(wt->rstate);
	wt->rstate = NULL;
}

/* Audits a record into its position and frees it (called without the
 * lock; a record's tree is an arena, so any thread may free it). */
static void audit_one(pool *pl, sai_auditor *aud, size_t file, size_t idx,
		      sa_record *rec, wtimes *wt)
{
	double t0 = pl->run->opts.stats ? sai_now_ns() : 0;
	sai_result res;
	sa_status st = sai_audit_record(aud, rec, &res);

	sa_record_free(rec);
	if (pl->run->opts.stats)
		wt->audit += sai_now_ns() - t0;
	if (st == SA_OK && pl->run->prerender)
		prerender(pl->run, &res, wt);
	pthread_mutex_lock(&pl->lock);
	if (st == SA_OK) {
		store(pl, file, idx, &res);
	} else {
		sai_result_release(&res);
		fail(pl, st);
	}
	pthread_cond_broadcast(&pl->turn);
	pthread_mutex_unlock(&pl->lock);
}

/* Audits one queued record, if there is one (lock held on entry and on
 * return); returns 1 when it did. */
static int run_queued(pool *pl, sai_auditor *aud, wtimes *wt)
{
	job j;

	if (!pl->qlen)
		return 0;
	j = pl->q[pl->qfirst];
	pl->qfirst = (pl->qfirst + 1) % pl->qcap;
	pl->qlen--;
	pthread_mutex_unlock(&pl->lock);
	audit_one(pl, aud, j.file, j.idx, j.rec, wt);
	pthread_mutex_lock(&pl->lock);
	return 1;
}

/* Hands a parsed record over: to the queue when there is room, else to
 * this worker.  Keeps the file's waiting results bounded. */
static void hand_record(pool *pl, sai_auditor *aud, size_t file,
			sa_record *rec, wtimes *wt)
{
	file_slot *fs = &pl->slots[file];
	size_t idx;

	pthread_mutex_lock(&pl->lock);
	while (pl->failed == SA_OK && fs->n - fs->out >= PENDING_MAX)
		if (!run_queued(pl, aud, wt))
			pthread_cond_wait(&pl->turn, &pl->lock);
	if (pl->failed != SA_OK ||
	    (idx = take_position(fs)) == (size_t)-1) {
		fail(pl, SA_ERR_NOMEM);
		pthread_mutex_unlock(&pl->lock);
		sa_record_free(rec);
		return;
	}
	/* While there are files to start, each worker audits what it
	 * parses, and only an idle one takes a record.  Once every file is
	 * started the others can only audit, so the parser queues (up to
	 * qcap) and keeps parsing: parsing a stream is the part that cannot
	 * be shared. */
	if (pl->qlen < pl->qcap &&
	    (pl->qlen < (size_t)pl->idle || pl->next >= pl->n)) {
		pl->q[(pl->qfirst + pl->qlen) % pl->qcap] =
			(job){ file, idx, rec };
		pl->qlen++;
		pthread_cond_broadcast(&pl->turn);
		pthread_mutex_unlock(&pl->lock);
		return;
	}
	pthread_mutex_unlock(&pl->lock);
	audit_one(pl, aud, file, idx, rec, wt);
}

/* The rest of a file that could not be read: one error result. */
static void load_failed(pool *pl, size_t file, const sa_error *e,
			const char *path)
{
	sai_result res;
	size_t idx;
	int made = sai_result_load_error(&res, e, path,
					 pl->run->opts.show_personal ? NULL :
					 pl->run->pack) == SA_OK;

	pthread_mutex_lock(&pl->lock);
	/* Without memory for the error the run fails: a file that could
	 * not be read is never left out of the reports unsaid. */
	if (!made || (idx = take_position(&pl->slots[file])) == (size_t)-1) {
		sai_result_release(&res);
		fail(pl, SA_ERR_NOMEM);
	} else {
		store(pl, file, idx, &res);
	}
	pthread_mutex_unlock(&pl->lock);
}

/* A part of a cut file is parsed: when it was the file's last and no
 * part gave a record or an error, the file is empty, as a whole file
 * that gave none would be said to be (into this unit, which the others
 * of its file, all empty, do not precede in the reports). */
static void part_done(pool *pl, size_t file, size_t records, int failed)
{
	const unit *u = &pl->units[file];
	struct cut_file *c;
	int empty;
	sa_error e;

	if (!u->part.len)
		return;
	c = &pl->cut[u->file];
	pthread_mutex_lock(&pl->lock);
	c->records += records;
	c->failed |= failed;
	empty = --c->left == 0 && !c->records && !c->failed;
	pthread_mutex_unlock(&pl->lock);
	if (empty) {
		const char *path = pl->run->paths.items[u->file];

		sai_error_set(&e, SA_ERR_SHAPE, path, 1, 1,
			      _("empty file: no dossier in it"));
		load_failed(pl, file, &e, path);
	}
}

/* Parses unit file (a whole file or a part of one) and hands its
 * records over. */
static void parse_file(pool *pl, sai_auditor *aud, size_t file, wtimes *wt)
{
	int timed = pl->run->opts.stats;
	const unit *u = &pl->units[file];
	const char *path = pl->run->paths.items[u->file];
	sa_source *src = NULL;
	sa_record *rec = NULL;
	size_t records = 0;
	double t0 = 0;
	sa_error e;
	sa_status st;

	sa_error_clear(&e);
	if (u->file < pl->run->n_refused && pl->run->refused[u->file]) {
		e = *pl->run->refused[u->file];
		st = e.status;
	} else if (u->part.len)
		st = sai_source_open_part(path, &u->part, &pl->run->opts,
					  &src, &e);
	else
		st = sai_source_open_hashed(path, pl->run->digests ?
					    pl->run->inputs[u->file].sha256 :
					    NULL, &pl->run->opts, &src, &e);
	if (st != SA_OK) {
		load_failed(pl, file, &e, path);
		part_done(pl, file, 0, 1);
		return;
	}
	while (pl->failed == SA_OK) {
		sa_error_clear(&e);
		if (timed)
			t0 = sai_now_ns();
		if (sa_source_next(src, &rec, &e) != SA_OK) {
			/* one load error; the source goes on where it can */
			load_failed(pl, file, &e, path);
			st = SA_ERR_PARSE;
			continue;
		}
		if (timed)
			wt->parse += sai_now_ns() - t0;
		if (!rec)
			break;
		records++;
		hand_record(pl, aud, file, rec, wt);
	}
	sa_source_free(src);
	part_done(pl, file, records, st != SA_OK);
}

/* Takes queued records first, then new files; ends when every file is
 * parsed and nothing is queued (lock held on entry and on return). */
static void work(pool *pl, sai_auditor *aud, wtimes *wt)
{
	size_t file;

	while (pl->failed == SA_OK) {
		if (run_queued(pl, aud, wt))
			continue;
		/* (pending is 0 when the head's file is not started yet) */
		if (pl->next < pl->n && pl->next < pl->head + WINDOW &&
		    pl->pending < pl->pending_max) {
			file = pl->next++;
			pl->parsers++;
			pthread_mutex_unlock(&pl->lock);
			parse_file(pl, aud, file, wt);
			pthread_mutex_lock(&pl->lock);
			pl->parsers--;
			pl->slots[file].parsed = 1;
			advance(pl);
			continue;
		}
		if (pl->next >= pl->n && !pl->parsers)
			break;
		pl->idle++;
		pthread_cond_wait(&pl->turn, &pl->lock);
		pl->idle--;
	}
}

static void *worker(void *arg)
{
	pool *pl = arg;
	sai_auditor *aud = NULL;
	sa_status st = sai_auditor_new(pl->run->pack, pl->run->opts.lang,
				       !pl->run->opts.show_personal, &aud);
	wtimes wt = { 0, 0, 0, NULL };

	if (st == SA_OK)
		sai_auditor_set_budget(aud, pl->run->opts.xpath_steps);
	if (st == SA_OK && pl->run->contract)
		st = sai_auditor_set_contract(aud, pl->run->contract);
	if (st == SA_OK && pl->run->opts.stats &&
	    sai_auditor_enable_stats(aud) < 0)
		st = SA_ERR_NOMEM;
	pthread_mutex_lock(&pl->lock);
	if (st != SA_OK)
		fail(pl, st);
	else
		work(pl, aud, &wt);
	if (aud && pl->run->opts.stats) {
		pl->run->stats.parse += wt.parse;
		pl->run->stats.audit += wt.audit;
		pl->run->stats.render += wt.render;
		sai_auditor_add_stats(aud, pl->run->stats.rule_ns,
				      pl->run->stats.rule_calls);
	}
	pthread_mutex_unlock(&pl->lock);
	free_rstates(pl->run, &wt);
	sai_auditor_free(aud);
	return NULL;
}

static int job_count(const sa_run *r)
{
	long n = r->opts.jobs > 0 ? r->opts.jobs : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > 256 ? 256 : (int)n;
}

/* After a failure: what was kept or queued is dropped. */
static void drop_all(pool *pl)
{
	size_t k, i;

	for (k = 0; k < pl->n; k++) {
		file_slot *fs = &pl->slots[k];

		for (i = fs->out; i < fs->n; i++)
			if (fs->ready[i - fs->base])
				sai_result_release(&fs->res[i - fs->base]);
		free(fs->res);
		free(fs->ready);
	}
	for (; pl->qlen; pl->qlen--) {
		sa_record_free(pl->q[pl->qfirst].rec);
		pl->qfirst = (pl->qfirst + 1) % pl->qcap;
	}
}

/* The units of the run: every file, a long multi-document YAML file or
 * <stations> XML file as its parts (whatever -j is, so that the output
 * does not depend on it; such a file is hashed while it is cut). */
/* STATIONAUDIT_CUT=MIN[,TARGET] (bytes) changes when and how finely
 * streams are cut: for tests, and for machines with many cores. */
static void cut_sizes(size_t *min, size_t *target)
{
	size_t v[2];

	sai_tuning(SAI_TUNING_CUT, v);  /* unusable: defaults (sa_env_check) */
	*min = v[0];
	*target = v[1];
}

#define PROBE_BATCH 64          /* files a prober takes at a time */

/* What make_units learns of each file, with -j N from N threads. */
typedef struct probe {
	sa_run *r;
	size_t min, target;
	sai_part **parts;       /* per file: its parts, or NULL */
	size_t *np;
	size_t next;            /* the next file to take, under lock */
	int nomem;
	pthread_mutex_t lock;
} probe;

/* A file listed smaller than a cut is not opened (one that grew since is
 * read whole, as any uncut file); a long YAML or XML stream is cut. */
static int probe_file(probe *pb, size_t i)
{
	sa_run *r = pb->r;
	const char *path = r->paths.items[i];
	const char *fmt = sai_source_format_of(path);
	struct stat st;

	if (r->opts.encoding || !strcmp(path, "-") || !fmt ||
	    (i < r->n_refused && r->refused[i]) ||
	    (strcmp(fmt, "yaml") && strcmp(fmt, "xml")))
		return 0;
	if (r->sizes[i] == SIZE_UNKNOWN)
		r->sizes[i] = lstat(path, &st) == 0 ? stat_size(&st) : SIZE_MAX;
	/* SIZE_MAX: not a regular file (or stat said nothing): never cut */
	if (r->sizes[i] < pb->min || r->sizes[i] == SIZE_MAX)
		return 0;
	if (!strcmp(fmt, "yaml"))
		return sai_source_cut_yaml(path, pb->min, pb->target,
					   &pb->parts[i], &pb->np[i]);
	if (!strcmp(fmt, "xml"))
		return sai_source_cut_xml(path, pb->min, pb->target,
					  &pb->parts[i], &pb->np[i]);
	return 0;
}

static void *prober(void *arg)
{
	probe *pb = arg;
	size_t first, i, count = pb->r->paths.count;

	for (;;) {
		pthread_mutex_lock(&pb->lock);
		first = pb->next;
		pb->next = first + PROBE_BATCH < count ? first + PROBE_BATCH :
			   count;
		pthread_mutex_unlock(&pb->lock);
		if (first >= count)
			return NULL;
		for (i = first; i < first + PROBE_BATCH && i < count; i++)
			if (probe_file(pb, i) < 0) {
				pthread_mutex_lock(&pb->lock);
				pb->nomem = 1;
				pthread_mutex_unlock(&pb->lock);
			}
	}
}

/* Sizes and parts of every file, with up to jobs threads (this one
 * among them). */
static void probe_all(probe *pb, int jobs)
{
	pthread_t threads[256];
	int started = 0, i;

	if ((size_t)jobs > pb->r->paths.count / PROBE_BATCH + 1)
		jobs = (int)(pb->r->paths.count / PROBE_BATCH + 1);
	for (i = 1; i < jobs && i < 256; i++)
		if (pthread_create(&threads[started], NULL, prober, pb) == 0)
			started++;
	prober(pb);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* The units of the run in file order: each file, or its parts. */
static sa_status make_units(sa_run *r, int jobs, unit **out, size_t *n)
{
	size_t i, k, cap = 1, count = r->paths.count;
	unit *units = NULL;
	probe pb;
	sa_status st = SA_ERR_NOMEM;

	*out = NULL;
	*n = 0;
	memset(&pb, 0, sizeof(pb));
	pb.r = r;
	cut_sizes(&pb.min, &pb.target);
	pb.parts = calloc(count + 1, sizeof(*pb.parts));
	pb.np = calloc(count + 1, sizeof(*pb.np));
	if (!pb.parts || !pb.np || pthread_mutex_init(&pb.lock, NULL) != 0)
		goto out;
	probe_all(&pb, jobs);
	pthread_mutex_destroy(&pb.lock);
	if (pb.nomem)
		goto out;
	for (i = 0; i < count; i++)
		cap += pb.np[i] ? pb.np[i] : 1;
	if (!(units = malloc(cap * sizeof(*units))))
		goto out;
	for (i = 0; i < count; i++) {
		for (k = 0; k < pb.np[i]; k++)
			units[(*n)++] = (unit){ i, pb.parts[i][k] };
		if (pb.np[i] == 0)
			units[(*n)++] = (unit){ i, { 0, 0, 0, 0 } };
	}
	*out = units;
	st = SA_OK;
out:
	for (i = 0; pb.parts && i < count; i++)
		free(pb.parts[i]);
	free(pb.parts);
	free(pb.np);
	return st;
}

/* Hashes every file that was cut into parts (its parts are read by
 * several workers, none of which sees it whole). */
static void *hash_cut(void *arg)
{
	pool *pl = arg;
	sa_run *r = pl->run;
	size_t k, f;

	/* The units (read-only in the run) say which files are in parts:
	 * each such file once, at its first part. */
	for (k = 0; k < pl->n; k++) {
		f = pl->units[k].file;
		if (pl->units[k].part.len &&
		    (k == 0 || pl->units[k - 1].file != f) &&
		    sai_sha256_file(r->paths.items[f], r->inputs[f].sha256) < 0)
			r->inputs[f].sha256[0] = '\0';
	}
	/* What waited for the digests is reported now. */
	pthread_mutex_lock(&pl->lock);
	pl->hashing = 0;
	advance(pl);
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

static sa_status audit_all(sa_run *r)
{
	pthread_t threads[256], hasher;
	pool pl;
	int jobs = job_count(r), started = 0, i, hashing = 0;
	int record_digests = 0;
	size_t k;

	memset(&pl, 0, sizeof(pl));
	pl.run = r;
	if (make_units(r, jobs, &pl.units, &pl.n) != SA_OK)
		return SA_ERR_NOMEM;
	if (!(pl.cut = calloc(r->paths.count + 1, sizeof(*pl.cut)))) {
		free(pl.units);
		return SA_ERR_NOMEM;
	}
	for (k = 0; k < pl.n; k++)
		if (pl.units[k].part.len) {
			pl.cut[pl.units[k].file].left++;
			hashing = r->digests;
		}
	for (k = 0; k < r->n_reports; k++) {
		record_digests |= r->reports[k].w->record_digests;
		if (r->reports[k].w->render)
			r->prerender = 1;
	}
	if (jobs == 1 || r->waivers || r->baseline)
		r->prerender = 0;
	/* One job: this thread is the worker, with no queue and no thread. */
	pl.qcap = jobs > 1 ? (size_t)jobs * 4 : 0;
	pl.pending_max = (size_t)jobs * PENDING_JOB;
	pl.slots = calloc(pl.n + 1, sizeof(*pl.slots));
	pl.q = calloc(pl.qcap + 1, sizeof(*pl.q));
	if (!pl.slots || !pl.q) {
		free(pl.slots);
		free(pl.q);
		free(pl.units);
		free(pl.cut);
		return SA_ERR_NOMEM;
	}
	/* libxml2 sets up its globals once, before any thread uses it. */
	xmlInitParser();
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.turn, NULL);
	/* Cut files are hashed by a thread of their own beside the
	 * workers (with one job, before it); hash_cut lifts the gate. */
	pl.hashing = hashing && record_digests;
	if (hashing && (jobs == 1 ||
			pthread_create(&hasher, NULL, hash_cut, &pl) != 0)) {
		hash_cut(&pl);
		hashing = 0;
	}
	for (i = 0; jobs > 1 && i < jobs; i++)
		if (pthread_create(&threads[i], NULL, worker, &pl) == 0)
			started++;
	if (started == 0) {
		pl.qcap = 0;
		worker(&pl);
	}
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	if (hashing)
		pthread_join(hasher, NULL);
	if (pl.failed != SA_OK)
		drop_all(&pl);
	pthread_cond_destroy(&pl.turn);
	pthread_mutex_destroy(&pl.lock);
	free(pl.slots);
	free(pl.q);
	free(pl.units);
	free(pl.cut);
	return pl.failed != SA_OK ? pl.failed : r->ids_st;
}

/* Collection findings may name a pack's data file (coverage of a division
 * table): shown relative to the current folder when it is inside it, else
 * at the rule in its pack file when that is, else at no file -- never at
 * an installed absolute path, which means nothing in a repository's CI. */
static void place_collection(sai_result *res)
{
	size_t i;

	for (i = 0; i < res->pub.finding_count; i++) {
		sa_finding *f = &res->findings[i];
		const char *local;

		if (!f->file || f->file[0] != '/')
			continue;
		local = sai_report_local_path(f->file);
		if (!local && f->rule &&
		    (local = sai_report_local_path(f->rule->file))) {
			f->line = f->rule->line;
			f->column = f->rule->column;
		} else if (!local) {
			f->line = f->column = 0;
		}
		f->file = local;
	}
}

/* The collection-scope rules, once over what the records kept, reported
 * as one more record after all the others. */
static sa_status audit_collection(sa_run *r)
{
	sai_auditor *aud = NULL;
	double t0 = r->opts.stats ? sai_now_ns() : 0;
	sai_result res;
	sa_status st;

	memset(&res, 0, sizeof(res));
	if (!r->pack->n_collection)
		return SA_OK;
	if (!collection_doc(r))
		return r->collection_st;

	st = sai_auditor_new(r->pack, r->opts.lang, !r->opts.show_personal,
			     &aud);
	if (st == SA_OK)
		sai_auditor_set_budget(aud, r->opts.xpath_steps);
	if (st == SA_OK && r->opts.stats && sai_auditor_enable_stats(aud) < 0)
		st = SA_ERR_NOMEM;
	if (st == SA_OK)
		st = sai_audit_collection(aud, collection_doc(r),
					  "(collection)", &res);
	if (st == SA_OK && r->opts.stats) {
		sai_auditor_add_stats(aud, r->stats.rule_ns,
				      r->stats.rule_calls);
		r->stats.collection += sai_now_ns() - t0;
	}
	if (st == SA_OK) {
		place_collection(&res);
		report_record(r, &res);
	}
	sai_result_release(&res);
	sai_auditor_free(aud);
	return st;
}

/* The waiver entries that expired or were never used, reported as one
 * more pseudo-record at the very end. */
static sa_status audit_waivers(sa_run *r)
{
	sai_result res;
	sa_status st;
	int any = 0;

	if (!r->waivers)
		return SA_OK;
	st = sai_waivers_report(r->waivers, r->pack,
				sa_pack_audit_date(r->pack), r->opts.lang,
				&res, &any);
	if (st == SA_OK && any)
		report_record(r, &res);
	sai_result_release(&res);
	return st;
}

sa_status sa_run_add_waivers(sa_run *r, const char *path, sa_error *err)
{
	sai_report_input *l;
	const char *sha;
	size_t i;
	sa_status st;

	if (!r->waivers && !(r->waivers = sai_waivers_new()))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	sai_waivers_show_personal(r->waivers, r->opts.show_personal);
	if ((st = sai_waivers_load(r->waivers, path, err)) != SA_OK)
		return st;
	i = sai_waivers_file_count(r->waivers);
	if (!(l = realloc(r->ledgers, i * sizeof(*l))))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	r->ledgers = l;
	r->n_ledgers = i;
	l[i - 1].path = sai_waivers_file(r->waivers, i - 1, &sha);
	snprintf(l[i - 1].sha256, sizeof(l[i - 1].sha256), "%s", sha);
	if (note_own(r, path) != SA_OK)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

/* Provenance: a digest of every input file, for the reports that record
 * it (the text report does not, and a large batch then reads each file
 * once only). */
static sa_status note_inputs(sa_run *r, sa_error *err)
{
	size_t i;
	int digests = 0;

	for (i = 0; i < r->n_reports; i++)
		digests |= strcmp(r->reports[i].w->name, "text") != 0 ||
			   r->opts.verbose;
	r->inputs = calloc(r->paths.count + 1, sizeof(*r->inputs));
	if (!r->inputs)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	for (i = 0; i < r->paths.count; i++) {
		sai_report_input *in = &r->inputs[i];

		if (!(in->path = sai_strdup(r->paths.items[i])))
			return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
					     _("out of memory"));
		r->n_inputs++;
		in->sha256[0] = '\0';
	}
	/* The workers hash each file as they start it (in parallel, and
	 * before any of its records reaches a report). */
	r->digests = digests;
	r->summary.files = r->paths.count;
	r->summary.coverage_unjudged = r->pack->n_unjudged;
	return SA_OK;
}

/* Refuses a report written over a file the run reads (no report is
 * open yet): a ledger of approved waivers, a pack or its table, the
 * schema, the caller's configuration file.  A baseline may be: a rolling
 * baseline is read before its successor replaces it. */
static sa_status read_here(const sa_run *r, const char *path, sa_error *err)
{
	struct stat st;

	if (!path || stat(path, &st) != 0 || !report_at(r, NULL, &st))
		return SA_OK;
	return sai_error_set(err, SA_ERR_USAGE, path, 0, 0,
			     _("the run reads this file (a waiver ledger, "
			     "pack, schema or configuration file), a report "
			     "cannot replace it: write the report elsewhere"));
}

static sa_status reads_no_report(const sa_run *r, sa_error *err)
{
	const sa_pack *p = r->pack;
	sa_status st = read_here(r, r->opts.schema, err);
	size_t i;

	for (i = 0; st == SA_OK && i < r->n_ledgers; i++)
		st = read_here(r, r->ledgers[i].path, err);
	for (i = 0; st == SA_OK && i < p->n_standards; i++)
		st = read_here(r, p->standards[i].file, err);
	for (i = 0; st == SA_OK && i < p->n_refdecls; i++)
		st = read_here(r, p->refdecls[i].path, err);
	for (i = 0; st == SA_OK && i < r->read.count; i++)
		st = read_here(r, r->read.items[i], err);
	return st;
}

sa_status sa_run_add_input(sa_run *r, const char *path, sa_error *err)
{
	if (sai_strlist_add(&r->read, path) < 0 || note_own(r, path) != SA_OK)
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	return SA_OK;
}

sa_status sa_run_execute(sa_run *r, sa_error *err)
{
	double t0 = sai_now_ns();
	sa_status st;

	if (!r->pack->compiled)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("the pack is not compiled"));
	if (r->n_inputs)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a run executes once"));
	if (r->opts.schema && !r->contract &&
	    (st = sai_contract_load(r->opts.schema, &r->contract, err)))
		return st;
	if ((st = reads_no_report(r, err)) != SA_OK ||
	    (st = note_inputs(r, err)) != SA_OK ||
	    (st = begin_reports(r, err)) != SA_OK)
		return st;
	r->progress.start = r->progress.last = sai_now_ns();
	if ((st = audit_all(r)) != SA_OK ||
	    (st = audit_collection(r)) != SA_OK ||
	    (st = audit_waivers(r)) != SA_OK)
		return sai_error_set(err, st, NULL, 0, 0, _("%s while auditing"),
				     sa_status_name(st));
	progress_tick(r, 1);
	if (r->baseline_failed ||
	    (r->baseline && sai_diff_finish(r->baseline) != SA_OK))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory comparing with the "
				     "baseline"));
	st = end_reports(r, err);
	r->stats.wall = sai_now_ns() - t0;
	return st;
}

const sa_summary *sa_run_summary(const sa_run *r)
{
	return &r->summary;
}

const sa_rule_summary *sa_run_rule_summaries(const sa_run *r)
{
	return r->rules;
}

const char *sa_version(void)
{
	return PACKAGE_VERSION;
}

/* ---- --stats --------------------------------------------------------------- */

typedef struct rule_time {
	size_t index;
	double ns;
} rule_time;

static int slower_first(const void *a, const void *b)
{
	const rule_time *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? 1 : -1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* s, then blanks to width columns (a CJK character takes two): the
 * stats' first column, in the messages' language. */
static int stats_width(const char *s)
{
	const unsigned char *u;
	int w = 0;

	for (u = (const unsigned char *)s; *u; u++)
		w += (*u & 0xc0) == 0x80 ? 0 : *u >= 0xe0 ? 2 : 1;
	return w;
}

static void stats_cell(FILE *out, const char *s, int width)
{
	int w = stats_width(s);

	fprintf(out, "  %s%*s", s, width > w ? width - w : 0, "");
}

/* A column's heading, right-aligned in width columns after a blank. */
static void stats_head(FILE *out, const char *s, int width)
{
	int w = stats_width(s);

	fprintf(out, " %*s%s", width > w ? width - w : 0, "", s);
}

/* One phase: its name, milliseconds and microseconds per record (or
 * "-" when per < 0: not a per-record phase). */
static void stats_phase(FILE *out, const char *name, double ns, double per)
{
	stats_cell(out, name, 28);
	if (per < 0)
		fprintf(out, " %10.1f %14s\n", ns / 1e6, "-");
	else
		fprintf(out, " %10.1f %14.1f\n", ns / 1e6, ns / 1e3 * per);
}

static void stats_phases(const sa_run *r, FILE *out)
{
	const struct run_stats *s = &r->stats;
	double per = r->summary.records ? 1.0 / (double)r->summary.records : 0;

	stats_cell(out, _("phase"), 28);
	stats_head(out, "ms", 10);
	stats_head(out, _("us/record"), 14);
	fputc('\n', out);
	stats_phase(out, _("read and parse dossiers"), s->parse, per);
	stats_phase(out, _("record rules"), s->audit, per);
	stats_phase(out, _("collection rules"), s->collection, -1);
	stats_phase(out, _("write reports"), s->report + s->render, per);
	if (s->render > 0)      /* -j above 1: records the workers made */
		stats_phase(out, _("  of them made by workers"), s->render,
			    per);
	stats_phase(out, _("wall (whole run)"), s->wall, per);
}

/* "plan" when every expression of the rule runs as a plan (see
 * sai_plan), "XPath" when one goes to libxml2's interpreter: what a pack
 * author can change to make a slow rule fast. */
static const char *rule_run_by(const sai_rule *rule)
{
	const sai_xpath *x[] = { &rule->applies, &rule->test, &rule->where,
				 &rule->for_each };
	size_t i;

	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		if (x[i]->comp && !x[i]->plan)
			return "XPath";
	return "plan";
}

sa_status sa_run_write_stats(const sa_run *r, FILE *out, size_t top,
			     sa_error *err)
{
	size_t n = r->pack->n_rules, i;
	rule_time *t;
	double all = 0;

	if (!r->opts.stats)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0, _("the run "
				     "was not made with the stats option"));
	if (!(t = calloc(n + 1, sizeof(*t))))
		return sai_error_set(err, SA_ERR_NOMEM, NULL, 0, 0,
				     _("out of memory"));
	for (i = 0; i < n; i++) {
		t[i].index = i;
		t[i].ns = r->stats.rule_ns[i];
		all += t[i].ns;
	}
	qsort(t, n, sizeof(*t), slower_first);
	fprintf(out, _("stationaudit stats: %zu records, %zu files, %zu rules; "
		"with -j above 1 the phases add up the threads' times\n"),
		r->summary.records, r->summary.files, n);
	stats_phases(r, out);
	stats_cell(out, _("slowest rules"), 28);
	stats_head(out, "ms", 10);
	stats_head(out, _("calls"), 10);
	stats_head(out, _("us/call"), 10);
	stats_head(out, _("share"), 7);
	fprintf(out, "  %s\n", _("run by"));
	for (i = 0; i < n && i < top; i++) {
		size_t k = t[i].index, calls = r->stats.rule_calls[k];

		stats_cell(out, r->pack->rules[k].id, 28);
		fprintf(out, " %10.1f %10zu %10.2f %6.1f%%  %s\n",
			t[i].ns / 1e6, calls,
			calls ? t[i].ns / 1e3 / (double)calls : 0,
			all > 0 ? 100 * t[i].ns / all : 0,
			rule_run_by(&r->pack->rules[k]));
	}
	free(t);
	if (fflush(out) != 0 || ferror(out))
		return sai_error_set(err, SA_ERR_IO, NULL, 0, 0, _("cannot write "
				     "the stats: %s"), strerror(errno));
	return SA_OK;
}
