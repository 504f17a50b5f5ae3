/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util-internal.h - small helpers shared by the library: a growable string
 * buffer, checked allocation and error filling.  Internal: not installed.
 */
#ifndef SA_UTIL_INTERNAL_H
#define SA_UTIL_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include "stationaudit.h"

/* A growable, always NUL-terminated byte buffer.  A buffer whose
 * allocation failed keeps failed = 1 and ignores further appends, so that
 * callers check once at the end. */
typedef struct sai_strbuf {
	char *buf;
	size_t len;
	size_t cap;
	int failed;
} sai_strbuf;

void sai_strbuf_init(sai_strbuf *sb);
void sai_strbuf_release(sai_strbuf *sb);
void sai_strbuf_reset(sai_strbuf *sb);
void sai_strbuf_add_grow(sai_strbuf *sb, const char *s, size_t len);
/* Appends len bytes.  Inline while there is room: a report appends a few
 * bytes at a time, a JSON record some 500 times. */
static inline void sai_strbuf_add(sai_strbuf *sb, const char *s, size_t len)
{
	if (sb->failed || len >= sb->cap - sb->len) {
		sai_strbuf_add_grow(sb, s, len);
		return;
	}
	if (len)
		memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}
void sai_strbuf_adds(sai_strbuf *sb, const char *s);
void sai_strbuf_addc(sai_strbuf *sb, char c);
void sai_strbuf_addf(sai_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The contents (never NULL: "" for an empty or failed buffer). */
const char *sai_strbuf_str(const sai_strbuf *sb);
/* Hands the contents to the caller (caller frees) and resets the buffer;
 * NULL when an allocation failed. */
char *sai_strbuf_detach(sai_strbuf *sb, size_t *len);

/* A region allocator: many small blocks, freed all at once.  A record
 * tree's nodes come from one (tree.c): building and freeing a dossier of
 * a few hundred nodes is then a few allocations instead of a thousand,
 * which was a fifth of an audit's time in glibc's malloc and free. */
typedef struct sai_arena sai_arena;

sai_arena *sai_arena_new(void);
/* size bytes aligned for any type, zeroed; NULL when out of memory. */
void *sai_arena_alloc(sai_arena *a, size_t size);
/* A NUL-terminated copy of n bytes of s. */
char *sai_arena_strndup(sai_arena *a, const char *s, size_t n);
/* Bytes handed out so far (for tests). */
size_t sai_arena_used(const sai_arena *a);
void sai_arena_free(sai_arena *a);

/* strdup that returns NULL for NULL. */
char *sai_strdup(const char *s);
char *sai_strndup(const char *s, size_t n);

/* The plain decimal form of a YAML or JSON number written with digits
 * (an optional sign, digits, an optional fraction and exponent): 8.5e1
 * is 85, 24.0 is 24, -0.50 is -0.5, +007 is 7.  XPath 1.0 and the
 * contract's decimals read only the plain form.  Returns its length,
 * written NUL-terminated to out (cap bytes), or 0 when s is no such
 * number or its plain form does not fit (1e400). */
size_t sai_number_plain(const char *s, size_t n, char *out, size_t cap);

/* Fills err (which may be NULL) and returns status. */
sa_status sai_error_set(sa_error *err, sa_status status, const char *file,
			unsigned long line, unsigned long column,
			const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Copies the line'th line (1-based) of buf into err->source_line. */
void sai_error_set_source(sa_error *err, const char *buf, size_t len,
			  unsigned long line);
/* Reads that line of a file on disk into err->source_line (best effort). */
void sai_error_read_source(sa_error *err);

/* Appends what lines a caret up under the col'th character (1-based, in
 * characters as the loaders count them) of line, and the caret: a tab
 * for a tab, two blanks for a wide (CJK) character, else one.  The one
 * caret of a quoted source line (sa_error_format, the text report). */
void sai_error_add_caret(sai_strbuf *out, const char *line,
			 unsigned long col);

/* Masking personal data (see --show-personal).  sai_mask_all appends s
 * with its middle replaced by '*', one per character (the first three
 * and last four characters stay when s is long, less when short);
 * sai_mask_digits appends s with every run of 11 or more digits (a
 * final X included: ID numbers, phones; full-width digits count) masked
 * so, and a mobile number (11 digits from 1) or an ID number (15 or 18)
 * written in groups with single blanks or dashes ("139-0719-1024"). */
void sai_mask_all(const char *s, sai_strbuf *out);
void sai_mask_digits(const char *s, sai_strbuf *out);
/* sai_mask_digits, but a run that lies inside one of keep[0..n) (NULLs
 * skipped) stays: division codes, public statistics, even malformed
 * ones (a typo the audit exists to show). */
void sai_mask_digits_keep(const char *s, const char *const *keep, size_t n,
			  sai_strbuf *out);
/* Appends a quoted source line with, besides the digit runs, the value of
 * every key named as the last step of one of the personal paths[0..n)
 * masked: "id_number: 4203x" (YAML), "\"phone\": \"1\"" (JSON),
 * <phone>1</phone> and phone="1" (XML). */
void sai_mask_keyed(const char *line, const char *const *paths, size_t n,
		    sai_strbuf *out);
/* Masks err's source line and message so (a line cut short is never
 * shown: on no memory they are emptied). */
void sai_error_mask(sa_error *err, const char *const *paths, size_t n);

/* The line and column (in characters) of a byte offset, in buf when it
 * is given, else in the file at path; 0 and 0 when neither can be read. */
void sai_locate_offset(const char *buf, size_t len, const char *path,
		       size_t offset, unsigned long *line,
		       unsigned long *col);

/* Number formatting used everywhere a number becomes text, so that every
 * report shows 0.5, 12, 86.5 the same way: integers without a point,
 * others with up to 6 significant decimals, no trailing zeros. */
void sai_format_number(double v, char *buf, size_t size);
/* v in decimal digits into buf (NUL-terminated); returns their number. */
size_t sai_format_uint(unsigned long long v, char buf[24]);
/* The one reading of a number a pack, a config file or --param gives (a
 * bound, a weight, a number parameter): a finite decimal number,
 * [+-]digits[.digits][e[+-]digits] (".5" and "5." too), into *out; 0, or
 * -1 for anything else: hex (0x10, which strtod takes for 16), nan, inf,
 * .inf, a number too large for a double (1e999), blanks around it. */
int sai_parse_number(const char *s, double *out);

/* ---- bounded input files ------------------------------------------------
 *
 * Every file the library reads apart from dossiers (packs, reference
 * tables, waiver ledgers, reports, config files) is opened through here:
 * checked for kind (a regular file; "-" only where the rule allows
 * standard input) and for size before a byte is parsed, and, for files of
 * a pack, refused when it resolves outside the pack's folder.  A FIFO or
 * a device is never read (it is opened non-blocking and refused), so no
 * such input can hang or exhaust memory.  Messages never quote what the
 * file holds. */
typedef struct sai_input_rule {
	const char *what;          /* names the file in messages: "pack" */
	unsigned long long max_bytes; /* larger files are refused */
	int allow_stdin;           /* "-" is standard input (size then
				    * checked while reading) */
	const char *inside;        /* when set: the folder the file must
				    * resolve inside (symbolic links
				    * followed) */
	sa_status refused;         /* status of a refusal (SA_ERR_USAGE, ...) */
} sai_input_rule;

/* Opens path for reading after those checks: *fd (the caller closes it)
 * and its size in bytes (0 for standard input).  Errors name path. */
sa_status sai_input_open(const char *path, const sai_input_rule *rule,
			 int *fd, unsigned long long *size, sa_error *err);
/* Reads path whole into a NUL-terminated buffer (caller frees). */
sa_status sai_input_read(const char *path, const sai_input_rule *rule,
			 char **buf, size_t *len, sa_error *err);
/* 1 when the real path of path is dir or inside it (dir resolved too). */
int sai_path_inside(const char *path, const char *dir);
/* 1 when a component of path (path itself included) is a symbolic link
 * that leads outside the folder holding it: that prefix in link, the
 * folder in dir (both size bytes).  Named dossiers and report files
 * follow links only inside the folder that holds them. */
int sai_outward_link(const char *path, char *link, char *dir, size_t size);
/* Where a path stays when it is walked one name at a time from the
 * current folder, each existing name resolved (symbolic links followed)
 * before the next: SAI_WALK_INSIDE when every step stays in root (a
 * folder, resolved too) or under it; else why not, with the prefix of
 * path that left it in at (the `..`, or the link). */
typedef enum sai_walk {
	SAI_WALK_INSIDE,
	SAI_WALK_ABSOLUTE,         /* path starts with / */
	SAI_WALK_DOTDOT,           /* a `..` goes above root */
	SAI_WALK_LINK,             /* a link leads out of root (or nowhere) */
	SAI_WALK_OUTSIDE           /* the current folder is not under root,
				    * or a name is too long to follow */
} sai_walk;
sai_walk sai_path_walk_inside(const char *path, const char *root, char *at,
			      size_t size);
/* What a file that is not a regular one is, for messages ("a pipe
 * (FIFO)", "a character device", ...). */
const char *sai_file_kind_name(mode_t m);

/* ---- temporary files (tempfile.c) ----------------------------------------
 * $TMPDIR, else /tmp.  An anonymous file (0600) in dir, read and written
 * with the two calls below, gone when closed: its descriptor, or -1 with
 * errno (tag names it where it must have a name for a moment). */
const char *sai_temp_dir(void);
int sai_temp_fd(const char *dir, const char *tag);
/* Writes or reads len bytes at offset at, whole (EINTR retried; a short
 * file is EIO): 0, or -1 with errno. */
int sai_pwrite_full(int fd, const void *buf, size_t len, off_t at);
int sai_pread_full(int fd, void *buf, size_t len, off_t at);

/* 1 when s is valid UTF-8 of length len. */
int sai_utf8_valid(const char *s, size_t len);
/* The length of the valid UTF-8 prefix of s[0..len). */
size_t sai_utf8_valid_prefix(const char *s, size_t len);

/* ---- tuning variables ---------------------------------------------------
 * STATIONAUDIT_CUT=MIN[,TARGET] (bytes) and STATIONAUDIT_ROLLUP_SPILL=N
 * (stations), docs/stationaudit.1: read where they are used and checked
 * by sa_env_check with the same rules, here. */
#define SAI_CUT_MIN (4u << 20)      /* streams from this size are cut */
#define SAI_CUT_TARGET (512u << 10) /* into parts of about this size */
/* Stations a bounded rollup holds in memory unless
 * STATIONAUDIT_ROLLUP_SPILL=<stations> (at least 1) says otherwise: a run
 * this size is ranked as fast as before, and takes 4 MB. */
#define SAI_ROLLUP_SPILL 65536
typedef enum sai_tuning_var {
	SAI_TUNING_CUT,            /* min, target */
	SAI_TUNING_ROLLUP_SPILL    /* stations */
} sai_tuning_var;
/* The numbers of t into v (its defaults where the variable is unset or
 * unusable): 0, or -1 when it is set to a value that cannot be used
 * (then ignored). */
int sai_tuning(sai_tuning_var t, size_t v[2]);

/* The monotonic clock, in nanoseconds. */
double sai_now_ns(void);

/* Last, after every system header (glibc defines inline bodies of some
 * banned functions): refuse the risky functions in our own code. */
#include "banned.h"

#endif
