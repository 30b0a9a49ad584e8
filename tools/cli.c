/*
 * cli.c - helpers shared by the onnxc subcommands: argument parsing with
 * one-line errors, model loading, and atomic output files.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fe.h"

/* ---- errors ---- */

/* print_line: fputs `s` with control characters replaced by spaces, so a
 * message stays on one line whatever names it quotes. */
static void print_line(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

int cli_error(const char *cmd, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "onnxc %s: ", cmd);
	print_line(stderr, buf);
	fputc('\n', stderr);
	return CLI_EBAD;
}

/* ---- argument parsing ---- */

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t len)
{
	for (; opts->name; opts++)
		if (strlen(opts->name) == len && !strncmp(opts->name, name, len))
			return opts;
	return NULL;
}

static const cli_opt *find_short(const cli_opt *opts, char c)
{
	for (; opts->name; opts++)
		if (opts->letter && opts->letter == c)
			return opts;
	return NULL;
}

/* take_value: store the value of option `o` given as `shown`: the inline
 * value if any, else the next argument.  Returns 0 or -1 (error printed). */
static int take_value(const char *cmd, const cli_opt *o, const char *shown, const char *inl,
		      int argc, char **argv, int *i)
{
	if (!o->metavar) {
		if (inl)
			return cli_error(cmd, "flag '%s' takes no value", shown), -1;
		if (o->flag)
			*o->flag = 1;
		return 0;
	}
	if (!inl) {
		if (*i + 1 >= argc)
			return cli_error(cmd, "flag '%s' needs a value (%s)", shown, o->metavar), -1;
		inl = argv[++*i];
	}
	if (o->each)
		return o->each(inl, o->ud);
	*o->value = inl;
	return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts,
	      const char *usage, const char **pos, int max_pos, int *n_pos)
{
	int i, only_pos = 0;

	*n_pos = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const cli_opt *o;

		if (only_pos || a[0] != '-' || !a[1]) {
			if (*n_pos >= max_pos) {
				cli_error(cmd, "unexpected argument '%s'", a);
				return -1;
			}
			pos[(*n_pos)++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return CLI_PARSE_HELP;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			char shown[128];

			o = find_long(opts, a + 2, len);
			if (!o) {
				cli_error(cmd, "unknown flag '%.*s'", (int)(len + 2 < 200 ? len + 2 : 200), a);
				return -1;
			}
			snprintf(shown, sizeof shown, "--%s", o->name);
			if (take_value(cmd, o, shown, eq ? eq + 1 : NULL, argc, argv, &i))
				return -1;
			continue;
		}
		/* short flags: "-o FILE", "-oFILE"; value-less letters may be grouped */
		for (a++; *a; a++) {
			char shown[3] = { '-', *a, 0 };

			o = find_short(opts, *a);
			if (!o) {
				cli_error(cmd, "unknown flag '%s'", shown);
				return -1;
			}
			if (o->metavar) {
				if (take_value(cmd, o, shown, a[1] ? a + 1 : NULL, argc, argv, &i))
					return -1;
				break;
			}
			if (o->flag)
				*o->flag = 1;
		}
	}
	return 0;
}

int cli_choice(const char *cmd, const char *opt, const char *value, const char *const *choices)
{
	char list[256] = "";
	size_t len = 0;
	int i, n;

	for (i = 0; choices[i]; i++)
		if (!strcmp(value, choices[i]))
			return i;
	for (n = i, i = 0; i < n && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
					i == 0 ? "" : i == n - 1 ? " or " : ", ", choices[i]);
	cli_error(cmd, "bad value '%s' for %s (expected %s)", value, opt, list);
	return -1;
}

int cli_count(const char *cmd, const char *flag, const char *v, long lo, long hi, long *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi)
		return cli_error(cmd, "bad value '%s' for %s (expected %ld to %ld)", v, flag, lo, hi);
	*out = x;
	return 0;
}

/* ---- loading ---- */

ir_model *cli_load(const char *cmd, const char *path)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL;

	if (fe_load_file(path, NULL, &m, &err)) {
		cli_error(cmd, "%s", err.msg[0] ? err.msg : "cannot load model");
		return NULL;
	}
	return m;
}

/* ---- atomic output ---- */

/* The temporary file being written, removed if the process is interrupted.
 * The command line tool writes one output at a time. */
static char pending_tmp[4096];
static const int watched[] = { SIGINT, SIGTERM, SIGHUP };
#define N_WATCHED (sizeof watched / sizeof *watched)
static struct sigaction saved[N_WATCHED];
static int watching;

static void on_signal(int sig)
{
	if (pending_tmp[0])
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* watch_signals: while `tmp` is being written, an interrupt removes it (a
 * signal the parent made us ignore stays ignored); NULL restores the
 * previous handlers. */
static void watch_signals(const char *tmp)
{
	struct sigaction sa;
	size_t i;

	if (!tmp) {
		for (i = 0; watching && i < N_WATCHED; i++)
			sigaction(watched[i], &saved[i], NULL);
		pending_tmp[0] = 0;
		watching = 0;
		return;
	}
	if (watching || strlen(tmp) >= sizeof pending_tmp)
		return;
	watching = 1;
	memcpy(pending_tmp, tmp, strlen(tmp) + 1);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < N_WATCHED; i++) {
		sigaction(watched[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(watched[i], &sa, NULL);
	}
}

int cli_is_stdout(const char *path)
{
	return !path || !strcmp(path, "-");
}

int cli_out_open(cli_out *o, const char *cmd, const char *path, int binary)
{
	const char *slash;
	mode_t mask;
	size_t dirlen;
	int fd;

	memset(o, 0, sizeof *o);
	o->cmd = cmd;
	if (cli_is_stdout(path)) {
		if (binary && isatty(STDOUT_FILENO))
			return cli_error(cmd, "refusing to write binary output to a terminal; "
					 "use -o FILE or redirect"), -1;
		o->f = stdout;
		return 0;
	}
	o->path = strdup(path);
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	o->tmp = malloc(strlen(path) + 16);
	if (!o->path || !o->tmp)
		goto oom;
	/* ".NAME.tmpXXXXXX" next to the destination, so rename() is atomic */
	sprintf(o->tmp, "%.*s.%s.tmpXXXXXX", (int)dirlen, path, path + dirlen);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		cli_error(cmd, "cannot write '%s': %s", path, strerror(errno));
		goto free_names;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		cli_error(cmd, "cannot set mode of '%s': %s", o->tmp, strerror(errno));
		goto close_fd;
	}
	o->f = fdopen(fd, "wb");
	if (!o->f) {
		cli_error(cmd, "cannot open '%s': %s", o->tmp, strerror(errno));
		goto close_fd;
	}
	watch_signals(o->tmp);
	return 0;

close_fd:
	close(fd);
	unlink(o->tmp);
free_names:
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	return -1;
oom:
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	return cli_error(cmd, "out of memory"), -1;
}

int cli_out_commit(cli_out *o)
{
	int rc = 0;

	if (!o->f)
		return -1;
	if (!o->path) {
		if (fflush(o->f) || ferror(o->f)) {
			cli_error(o->cmd, "cannot write to standard output: %s", strerror(errno));
			rc = -1;
		}
		o->f = NULL;
		return rc;
	}
	if (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f))) {
		cli_error(o->cmd, "cannot write '%s': %s", o->path, strerror(errno));
		fclose(o->f);
		rc = -1;
	} else if (fclose(o->f)) {
		cli_error(o->cmd, "cannot write '%s': %s", o->path, strerror(errno));
		rc = -1;
	} else if (rename(o->tmp, o->path)) {
		cli_error(o->cmd, "cannot write '%s': %s", o->path, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	if (rc)
		unlink(o->tmp);
	watch_signals(NULL);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return rc;
}

void cli_out_abort(cli_out *o)
{
	if (!o->f)
		return;
	if (o->path) {
		fclose(o->f);
		unlink(o->tmp);
		watch_signals(NULL);
	} else {
		fflush(o->f);
	}
	o->f = NULL;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}
