/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.c - string buffer, checked duplication, number formatting, UTF-8.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util-internal.h"
#include "i18n.h"

double sai_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

void sai_strbuf_init(sai_strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->failed = 0;
}

void sai_strbuf_release(sai_strbuf *sb)
{
	free(sb->buf);
	sai_strbuf_init(sb);
}

void sai_strbuf_reset(sai_strbuf *sb)
{
	sb->len = 0;
	sb->failed = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static int strbuf_grow(sai_strbuf *sb, size_t extra)
{
	size_t need, cap;
	char *p;

	if (sb->failed)
		return -1;
	if (extra > (size_t)-1 / 2 - sb->len)
		goto fail;
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(sb->buf, cap);
	if (!p)
		goto fail;
	sb->buf = p;
	sb->cap = cap;
	return 0;
fail:
	sb->failed = 1;
	return -1;
}

/* sai_strbuf_add when the buffer must grow first (or has failed). */
void sai_strbuf_add_grow(sai_strbuf *sb, const char *s, size_t len)
{
	if (strbuf_grow(sb, len) < 0)
		return;
	if (len)
		memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void sai_strbuf_adds(sai_strbuf *sb, const char *s)
{
	sai_strbuf_add(sb, s, strlen(s));
}

void sai_strbuf_addc(sai_strbuf *sb, char c)
{
	sai_strbuf_add(sb, &c, 1);
}

void sai_strbuf_addf(sai_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || strbuf_grow(sb, (size_t)n) < 0) {
		sb->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *sai_strbuf_str(const sai_strbuf *sb)
{
	return (sb->buf && !sb->failed) ? sb->buf : "";
}

char *sai_strbuf_detach(sai_strbuf *sb, size_t *len)
{
	char *p;

	if (sb->failed) {
		sai_strbuf_release(sb);
		return NULL;
	}
	if (!sb->buf && strbuf_grow(sb, 0) < 0)
		return NULL;
	if (!sb->buf)
		return NULL;
	sb->buf[sb->len] = '\0';
	p = sb->buf;
	if (len)
		*len = sb->len;
	sai_strbuf_init(sb);
	return p;
}

/* ---- arena ---------------------------------------------------------------
 *
 * Chunks grow from ARENA_FIRST to ARENA_MAX bytes, doubling; a block of
 * more than a quarter of the chunk size gets a chunk of its own, so that
 * little is wasted at a chunk's end.
 */
#define ARENA_FIRST (16u * 1024)
#define ARENA_MAX (256u * 1024)
#define ARENA_ALIGN (alignof(max_align_t))

typedef struct arena_chunk {
	struct arena_chunk *next;
	size_t size;               /* usable bytes after the header */
	size_t used;
} arena_chunk;

struct sai_arena {
	arena_chunk *head;         /* the chunk being filled, then older ones */
	size_t next_size;
	size_t handed;
};

/* The header rounded up so that data starts aligned. */
#define CHUNK_HEAD ((sizeof(arena_chunk) + ARENA_ALIGN - 1) & \
		    ~(size_t)(ARENA_ALIGN - 1))

static arena_chunk *chunk_new(size_t size)
{
	arena_chunk *c;

	if (size > SIZE_MAX - CHUNK_HEAD || !(c = malloc(CHUNK_HEAD + size)))
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

sai_arena *sai_arena_new(void)
{
	sai_arena *a = malloc(sizeof(*a));

	if (!a)
		return NULL;
	a->head = NULL;
	a->next_size = ARENA_FIRST;
	a->handed = 0;
	return a;
}

/* size bytes, aligned, not cleared. */
static void *arena_take(sai_arena *a, size_t size)
{
	arena_chunk *c = a->head;
	size_t need;
	unsigned char *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	if (!c || c->size - c->used < need) {
		if (need > a->next_size / 4) {
			/* A big block: its own chunk, behind the current
			 * one, which stays the one being filled. */
			arena_chunk *big = chunk_new(need);

			if (!big)
				return NULL;
			big->used = need;
			if (c) {
				big->next = c->next;
				c->next = big;
			} else {
				a->head = big;
			}
			a->handed += size;
			return (unsigned char *)big + CHUNK_HEAD;
		}
		if (!(c = chunk_new(a->next_size)))
			return NULL;
		c->next = a->head;
		a->head = c;
		if (a->next_size < ARENA_MAX)
			a->next_size *= 2;
	}
	p = (unsigned char *)c + CHUNK_HEAD + c->used;
	c->used += need;
	a->handed += size;
	return p;
}

void *sai_arena_alloc(sai_arena *a, size_t size)
{
	void *p = arena_take(a, size);

	if (p)
		memset(p, 0, size);
	return p;
}

char *sai_arena_strndup(sai_arena *a, const char *s, size_t n)
{
	char *d;

	if (n == SIZE_MAX || !(d = arena_take(a, n + 1)))
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

size_t sai_arena_used(const sai_arena *a)
{
	return a ? a->handed : 0;
}

void sai_arena_free(sai_arena *a)
{
	arena_chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

size_t sai_number_plain(const char *s, size_t n, char *out, size_t cap)
{
	const char *digits[2];
	size_t len[2] = { 0, 0 }, i = 0, k, d, total, o = 0;
	long point, exp = 0;
	int neg = 0, exp_neg = 0, k_;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	digits[0] = s + i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, len[0]++;
	digits[1] = s + i + 1;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			len[1]++;
	if (!len[0] && !len[1])
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < n && (s[i] == '-' || s[i] == '+'))
			exp_neg = s[i++] == '-';
		if (i == n)
			return 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if ((exp = exp * 10 + (s[i] - '0')) > 9999)
				return 0;
	}
	if (i != n)
		return 0;
	/* The significant digits d[first .. last) of int + frac, the point
	 * after `point` of them. */
	total = len[0] + len[1];
	point = (long)len[0] + (exp_neg ? -exp : exp);
#define DIGIT(j) ((j) < len[0] ? digits[0][j] : digits[1][(j) - len[0]])
	for (k = 0; k < total && DIGIT(k) == '0'; k++)
		point--;
	d = k;                           /* the first significant digit */
	while (total > d && DIGIT(total - 1) == '0' &&
	       (long)(total - d) > point)
		total--;
	if (d == total) {
		if (cap < 2)
			return 0;
		memcpy(out, "0", 2);
		return 1;
	}
	/* sign, "0." and the zeros after it, the digits, a point among
	 * them, the zeros after them, NUL */
	if ((point < 0 ? -point : point) > 400)
		return 0;
	o = (size_t)neg + (point <= 0 ? 2 + (size_t)-point : 0) + (total - d) +
	    (point > 0 && (size_t)point < total - d) +
	    (point > 0 && (size_t)point > total - d ?
	     (size_t)point - (total - d) : 0);
	if (o + 1 > cap)
		return 0;
	o = 0;
	if (neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (k_ = 0; k_ < -point; k_++)
			out[o++] = '0';
	}
	for (k = d; k < total; k++) {
		if (point > 0 && (long)(k - d) == point)
			out[o++] = '.';
		out[o++] = DIGIT(k);
	}
	for (k_ = (int)(total - d); k_ < point; k_++)
		out[o++] = '0';
#undef DIGIT
	out[o] = '\0';
	return o;
}

char *sai_strndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sai_strdup(const char *s)
{
	return s ? sai_strndup(s, strlen(s)) : NULL;
}

size_t sai_format_uint(unsigned long long v, char buf[24])
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* "%.6f" without the trailing zeros, by integer arithmetic for the
 * numbers reports are made of (scores, rates, areas: |v| < 10^6); -1
 * where only printf can say: a larger number, a small buffer, or a
 * number whose seventh decimal is too close to a tie to round it here
 * (printf rounds the exact binary value, ties to even).  v * 10^6 is
 * then within 1.2e-4 of the exact product, so rounding it gives
 * printf's digits whenever its fraction is more than 10^-3 from 1/2. */
static int format_fixed6(double v, char *buf, size_t size)
{
	double a = fabs(v), x, frac;
	unsigned long long n, fp;
	size_t len = 0, k;
	char ip[24];
	int digits = 6;

	if (!(a < 1e6) || size < 24)
		return -1;
	x = a * 1e6;
	frac = x - floor(x);
	if (fabs(frac - 0.5) < 1e-3)
		return -1;
	n = (unsigned long long)floor(x + 0.5);
	fp = n % 1000000;
	if (v < 0)
		buf[len++] = '-';
	k = sai_format_uint(n / 1000000, ip);
	memcpy(buf + len, ip, k);
	len += k;
	if (fp) {
		while (fp % 10 == 0) {
			fp /= 10;
			digits--;
		}
		buf[len++] = '.';
		for (k = (size_t)digits; k > 0; k--) {
			buf[len + k - 1] = (char)('0' + fp % 10);
			fp /= 10;
		}
		len += (size_t)digits;
	}
	buf[len] = '\0';
	return 0;
}

int sai_parse_number(const char *s, double *out)
{
	size_t i = 0, digits = 0;
	char *end;

	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return -1;
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i])
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	return *end || errno == ERANGE || !isfinite(*out) ? -1 : 0;
}

void sai_format_number(double v, char *buf, size_t size)
{
	if (isnan(v)) {
		snprintf(buf, size, "NaN");
	} else if (isinf(v)) {
		snprintf(buf, size, v > 0 ? "Infinity" : "-Infinity");
	} else if (v == floor(v) && fabs(v) < 1e15) {
		char digits[24];
		size_t n = sai_format_uint((unsigned long long)fabs(v),
					   digits), at = v < 0;

		if (size < n + at + 1) {
			snprintf(buf, size, "%s%s", at ? "-" : "", digits);
			return;
		}
		buf[0] = '-';
		memcpy(buf + at, digits, n + 1);
	} else if (format_fixed6(v, buf, size) != 0) {
		char *e;

		snprintf(buf, size, "%.6f", v);
		e = buf + strlen(buf) - 1;
		while (e > buf && *e == '0')
			*e-- = '\0';
		if (e > buf && *e == '.')
			*e = '\0';
	}
}

/* The length of the ASCII bytes at s, counted eight at a time (most of a
 * division table is digits and commas). */
static size_t ascii_run(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			break;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

size_t sai_utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n, k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			i += ascii_run(s + i, len - i);
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

int sai_utf8_valid(const char *s, size_t len)
{
	return sai_utf8_valid_prefix(s, len) == len;
}

/* ---- bounded input files ------------------------------------------------ */

/* 1 when the real path rp is real_dir or under it. */
static int real_under(const char *rp, const char *real_dir)
{
	size_t n = strlen(real_dir);

	if (n == 1)                /* "/" holds everything */
		return 1;
	return !strncmp(rp, real_dir, n) && (rp[n] == '/' || rp[n] == '\0');
}

int sai_path_inside(const char *path, const char *dir)
{
	char rp[PATH_MAX], rd[PATH_MAX];

	if (!realpath(path, rp) || !realpath(dir, rd))
		return 0;
	return real_under(rp, rd);
}

/* One step of sai_path_walk_inside: name (len bytes) after cur, a real
 * path, which becomes the real path of the two (cur with its last name
 * dropped for `..`; as written for a name that does not exist, which
 * cannot be a link). */
static sai_walk walk_step(char *cur, const char *name, size_t len,
			  const char *root)
{
	char next[PATH_MAX];
	struct stat lst;
	char *slash;
	size_t n = strlen(cur);

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		slash = strrchr(cur, '/');
		if (slash)
			slash[slash == cur ? 1 : 0] = '\0';
		return real_under(cur, root) ? SAI_WALK_INSIDE :
			SAI_WALK_DOTDOT;
	}
	if (n + len + 2 > sizeof(next))
		return SAI_WALK_OUTSIDE;
	memcpy(next, cur, n);
	if (n > 1)
		next[n++] = '/';
	memcpy(next + n, name, len);
	next[n + len] = '\0';
	if (lstat(next, &lst) == 0 && S_ISLNK(lst.st_mode))
		return realpath(next, cur) && real_under(cur, root) ?
			SAI_WALK_INSIDE : SAI_WALK_LINK;
	memcpy(cur, next, strlen(next) + 1);
	return real_under(cur, root) ? SAI_WALK_INSIDE : SAI_WALK_OUTSIDE;
}

sai_walk sai_path_walk_inside(const char *path, const char *root, char *at,
			      size_t size)
{
	char cur[PATH_MAX], real_root[PATH_MAX];
	const char *p = path, *end;
	sai_walk w = SAI_WALK_INSIDE;

	snprintf(at, size, "%s", path);
	if (path[0] == '/')
		return SAI_WALK_ABSOLUTE;
	if (!realpath(root, real_root) || !getcwd(cur, sizeof(cur)) ||
	    !real_under(cur, real_root))
		return SAI_WALK_OUTSIDE;
	for (; *p && w == SAI_WALK_INSIDE; p = *end ? end + 1 : end) {
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		if (end == p || (end == p + 1 && *p == '.'))
			continue;
		snprintf(at, size, "%.*s", (int)(end - path), path);
		w = walk_step(cur, p, (size_t)(end - p), real_root);
	}
	return w;
}

int sai_outward_link(const char *path, char *link, char *dir, size_t size)
{
	size_t n = strlen(path), end;
	struct stat lst;
	char *slash;

	for (end = 1; end <= n && end < size; end++) {
		if (end < n && path[end] != '/')
			continue;
		memcpy(link, path, end);
		link[end] = '\0';
		if (lstat(link, &lst) != 0 || !S_ISLNK(lst.st_mode))
			continue;
		if (!(slash = strrchr(link, '/')))
			snprintf(dir, size, ".");
		else
			snprintf(dir, size, "%.*s", slash == link ? 1 :
				 (int)(slash - link), link);
		if (!sai_path_inside(link, dir))
			return 1;
	}
	return 0;
}

const char *sai_file_kind_name(mode_t m)
{
	return S_ISDIR(m) ? _("a folder") : S_ISFIFO(m) ? _("a pipe (FIFO)") :
		S_ISCHR(m) ? _("a character device") : S_ISBLK(m) ?
		_("a block device") : S_ISSOCK(m) ? _("a socket") :
		_("not a regular file");
}

/* Where fd really is, when /proc tells: a folder swapped for a symbolic
 * link between realpath() and open() shows here.  1: inside dir or not
 * known; 0: outside. */
static int fd_inside(int fd, const char *real_dir)
{
	char link[64], at[PATH_MAX];
	ssize_t n;
	size_t k = strlen(real_dir);

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, at, sizeof(at) - 1);
	if (n <= 0)
		return 1;
	at[n] = '\0';
	if (k == 1)
		return 1;
	return !strncmp(at, real_dir, k) && (at[k] == '/' || at[k] == '\0');
}

/* Opens path (resolved to real when rule->inside is set) without
 * blocking on a FIFO and without following a last symbolic link. */
static sa_status open_confined(const char *path, const sai_input_rule *rule,
			       int *fd, sa_error *err)
{
	char real[PATH_MAX], dir[PATH_MAX];
	size_t n;

	if (!realpath(path, real))
		return sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot open "
				     "the %s: %s"), rule->what, strerror(errno));
	if (!realpath(rule->inside, dir))
		return sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot open "
				     "the folder of the %s: %s"), rule->what,
				     strerror(errno));
	n = strlen(dir);
	if (n > 1 && (strncmp(real, dir, n) != 0 ||
		      (real[n] != '/' && real[n] != '\0')))
		goto outside;
	*fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
		   O_NOFOLLOW);
	if (*fd < 0)
		return sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot open "
				     "the %s: %s"), rule->what, strerror(errno));
	if (fd_inside(*fd, dir))
		return SA_OK;
	close(*fd);
	*fd = -1;
outside:
	return sai_error_set(err, rule->refused, path, 0, 0, _("the %s resolves "
			     "to a file outside the folder %s: refused (a pack "
			     "reads only inside the folder it was found in)"),
			     rule->what, rule->inside);
}

sa_status sai_input_open(const char *path, const sai_input_rule *rule,
			 int *fd, unsigned long long *size, sa_error *err)
{
	struct stat st;
	sa_status s;

	*fd = -1;
	*size = 0;
	if (rule->allow_stdin && !strcmp(path, "-")) {
		*fd = STDIN_FILENO;
		return SA_OK;
	}
	if (rule->inside) {
		if ((s = open_confined(path, rule, fd, err)) != SA_OK)
			return s;
	} else if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
			       O_NOCTTY)) < 0) {
		return sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot open "
				     "the %s: %s"), rule->what, strerror(errno));
	}
	if (fstat(*fd, &st) != 0) {
		s = sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot read the "
				  "%s: %s"), rule->what, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		s = sai_error_set(err, rule->refused, path, 0, 0, _("the %s is %s, "
				  "not a regular file: refused"), rule->what,
				  sai_file_kind_name(st.st_mode));
	} else if ((unsigned long long)st.st_size > rule->max_bytes) {
		char lim[24];

		sai_format_uint(rule->max_bytes, lim);
		s = sai_error_set(err, SA_ERR_LIMIT, path, 0, 0, _("the %s is "
				  "larger than its limit of %s bytes: refused"),
				  rule->what, lim);
	} else {
		*size = (unsigned long long)st.st_size;
		/* Reads block as usual from here on. */
		fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK);
		return SA_OK;
	}
	close(*fd);
	*fd = -1;
	return s;
}

sa_status sai_input_read(const char *path, const sai_input_rule *rule,
			 char **buf, size_t *len, sa_error *err)
{
	unsigned long long size;
	sai_strbuf sb;
	ssize_t n = 0;
	sa_status s;
	int fd;

	*buf = NULL;
	*len = 0;
	if ((s = sai_input_open(path, rule, &fd, &size, err)) != SA_OK)
		return s;
	sai_strbuf_init(&sb);
	/* Room for the whole file and one byte more, so that the read that
	 * finds its end needs no growth; a file that grows while read is
	 * cut at its limit, not followed. */
	strbuf_grow(&sb, size ? (size_t)size + 1 : 65536);
	while (!sb.failed && sb.len <= rule->max_bytes) {
		if (sb.cap - sb.len < 2 && strbuf_grow(&sb, sb.cap) < 0)
			break;
		n = read(fd, sb.buf + sb.len, sb.cap - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb.len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (n < 0)
		s = sai_error_set(err, SA_ERR_IO, path, 0, 0, _("cannot read the "
				  "%s: %s"), rule->what, strerror(errno));
	else if (sb.len > rule->max_bytes)
		s = sai_error_set(err, SA_ERR_LIMIT, path, 0, 0, _("the %s grew "
				  "past its limit while read: refused"),
				  rule->what);
	else if (!(*buf = sai_strbuf_detach(&sb, len)))
		s = sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				  _("out of memory"));
	sai_strbuf_release(&sb);
	return s;
}

sa_status sa_file_read(const char *path, const char *what, size_t max_bytes,
		       const char *inside, char **buf, size_t *len,
		       sa_error *err)
{
	sai_input_rule rule = { what, max_bytes, 0, inside, SA_ERR_USAGE };

	return sai_input_read(path, &rule, buf, len, err);
}

/* ---- tuning variables ---------------------------------------------------- */

static const struct tuning {
	const char *name;
	const char *shape;         /* what it takes, for messages */
	int count;                 /* numbers it takes: 1, or up to 2 */
	size_t least[2];           /* the smallest of each */
	size_t def[2];             /* defaults */
} tunings[] = {
	{ "STATIONAUDIT_CUT", N_("MIN[,TARGET] in bytes, TARGET 1 or more"),
	  2, { 0, 1 }, { SAI_CUT_MIN, SAI_CUT_TARGET } },
	{ "STATIONAUDIT_ROLLUP_SPILL", N_("a number of stations, 1 or more"),
	  1, { 1, 0 }, { SAI_ROLLUP_SPILL, 0 } },
};

/* One decimal number of digits only (no sign, no blank: strtoull would
 * take " -1"), at most SIZE_MAX; the text after it in *end. */
static int env_number(const char *p, const char **end, size_t *out)
{
	unsigned long long n;
	char *e;

	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	n = strtoull(p, &e, 10);
	if (errno || n > SIZE_MAX)
		return -1;
	*out = (size_t)n;
	*end = e;
	return 0;
}

int sai_tuning(sai_tuning_var t, size_t v[2])
{
	const struct tuning *d = &tunings[t];
	const char *p = getenv(d->name);
	size_t got[2] = { d->def[0], d->def[1] };
	int i;

	v[0] = d->def[0];
	v[1] = d->def[1];
	if (!p || !*p)
		return 0;
	for (i = 0; i < d->count; i++) {
		if (env_number(p, &p, &got[i]) < 0 || got[i] < d->least[i])
			return -1;
		if (!*p)
			break;
		if (*p++ != ',' || i + 1 == d->count)
			return -1;
	}
	v[0] = got[0];
	v[1] = got[1];
	return 0;
}

void sa_env_check(void (*fn)(void *data, const char *message), void *data)
{
	char msg[512];
	size_t i, v[2];

	for (i = 0; i < sizeof(tunings) / sizeof(tunings[0]); i++) {
		if (sai_tuning((sai_tuning_var)i, v) == 0)
			continue;
		if (tunings[i].count == 2)
			snprintf(msg, sizeof(msg), _("%s='%.64s' is not %s: it is "
				 "ignored, and %zu,%zu used"), tunings[i].name,
				 getenv(tunings[i].name), _(tunings[i].shape),
				 v[0], v[1]);
		else
			snprintf(msg, sizeof(msg), _("%s='%.64s' is not %s: it is "
				 "ignored, and %zu used"), tunings[i].name,
				 getenv(tunings[i].name), _(tunings[i].shape),
				 v[0]);
		fn(data, msg);
	}
}
