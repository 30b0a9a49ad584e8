/*
 * cli.h - the onnxc command's subcommands and the helpers they share.
 *
 * Every subcommand is `int cmd_xxx(int argc, char **argv)` with argv[0] the
 * subcommand's name; it returns the process exit status:
 *   CLI_OK (0)     success;
 *   CLI_EBAD (2)   bad flags, bad input, unreadable or invalid model, failed
 *                  write: one line on stderr "onnxc CMD: message";
 *   1              reserved (not used by info/dump).
 * "-h"/"--help" prints the subcommand's usage on stdout and returns 0.
 */
#ifndef ONNXC_CLI_H
#define ONNXC_CLI_H

#include <stdio.h>

#include "ir.h"
#include "onnxc.h"

struct fe_limits;

#define CLI_OK 0
#define CLI_EBAD 2

int cmd_info(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/* ---- argument parsing ----
 * An option is matched by its long name ("--format", also "--format=VAL")
 * or its short letter ("-o VAL", also "-oVAL").  "--" ends the options; a
 * lone "-" is a positional.  "-h"/"--help" are always recognised. */
typedef struct cli_opt {
	const char *name;       /* long name without dashes, e.g. "format" */
	char letter;            /* short letter or 0 */
	const char *metavar;    /* NULL: a flag without value */
	const char **value;     /* with metavar: receives the value (last wins) */
	int *flag;              /* without metavar: set to 1 when given */
	/* with metavar, instead of value: called for every occurrence (a
	 * repeatable option); returns 0, or -1 after printing an error */
	int (*each)(const char *val, void *ud);
	void *ud;
} cli_opt;

#define CLI_PARSE_HELP 1    /* cli_parse result: usage was printed */

/* cli_parse: parse argv[1..argc-1] of subcommand `cmd` against `opts`
 * (terminated by an entry with name NULL).  Positionals are stored in
 * pos[0..max_pos-1] and counted in *n_pos; more than max_pos is an error.
 * Returns 0, CLI_PARSE_HELP after printing `usage` (caller exits 0), or -1
 * after printing a one-line error (caller exits CLI_EBAD). */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts,
	      const char *usage, const char **pos, int max_pos, int *n_pos);

/* cli_choice: index of `value` in the NULL-terminated `choices`, or -1
 * after printing "onnxc CMD: bad value 'x' for --opt (expected a, b or c)". */
int cli_choice(const char *cmd, const char *opt, const char *value, const char *const *choices);

/* cli_error: print "onnxc CMD: message" on stderr (one line: newlines and
 * other control characters in the message are shown as spaces); returns
 * CLI_EBAD. */
int cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_count: the whole number v of option `flag` when it lies in [lo, hi]
 * (*out); 0, or CLI_EBAD after a one-line error. */
int cli_count(const char *cmd, const char *flag, const char *v, long lo, long hi, long *out);

/* cli_load: load the model at `path` with the front end (default limits);
 * prints the loader's message and returns NULL on failure. */
ir_model *cli_load(const char *cmd, const char *path);

/* ---- graph inputs shared by run and bench (cli_inputs.c) ---- */
#define CLI_MAX_INPUTS 64

typedef struct cli_inputs {
	const char *cmd;        /* subcommand named in error messages */
	int n;
	char *names[CLI_MAX_INPUTS];      /* NULL: positional */
	ir_tensor *tensors[CLI_MAX_INPUTS];
} cli_inputs;

/* cli_input_add: the `each` callback of --input [NAME=]FILE (ud: the
 * cli_inputs): reads the .npy or TensorProto .pb file right away.  0, or
 * -1 after a one-line error. */
int cli_input_add(const char *val, void *ud);
/* cli_inputs_random: append one named tensor per input of m with its
 * declared dtype and dims (a symbolic or unknown dim is 1, noted once on
 * stderr), filled from a generator seeded with `seed`: uniform [-1, 1) for
 * floating types, small integers, false/true for bool.  String and other
 * non-numeric inputs are refused.  0, or -1 after a one-line error. */
int cli_inputs_random(cli_inputs *ci, const onnxc_model *m, uint64_t seed);
/* cli_inputs_view: fill out[0..n) with API tensors over the inputs (the
 * data stays owned by ci); returns n. */
int cli_inputs_view(const cli_inputs *ci, onnxc_tensor *out);
/* cli_inputs_free: free every tensor and name (ci->n becomes 0). */
void cli_inputs_free(cli_inputs *ci);

/* ---- the OpenBLAS core (cli_blas.c) ----
 * cli_blas_reexec: first thing in main.  When OPENBLAS_CORETYPE and
 * ONNXC_NO_REEXEC are unset and OpenBLAS runs a weaker core than the CPU
 * supports (onnxc_blas_core_check), set OPENBLAS_CORETYPE to the best one
 * and execv /proc/self/exe with the same argv, once (the new process sees
 * the guard ONNXC_REEXEC and does not try again).  Returns when there is
 * nothing to do or exec failed (the weak core stays).
 * cli_blas_reexec_core: the core this process was re-executed with, or
 * NULL.
 * cli_blas_warn: print "onnxc: warning: ..." on stderr when the core in
 * use is still weaker than the CPU's best; 1 if it printed. */
void cli_blas_reexec(char **argv);
const char *cli_blas_reexec_core(void);
int cli_blas_warn(void);

/* ---- optimisation flags shared by run and dump ----
 * -O LEVEL (0: no passes, 1: the pipeline; a bare -O means -O1),
 * --passes LIST (run only these), --disable-pass LIST, --print-after PASS
 * (the IR as text on stderr after that pass, or after every pass with
 * "all"), --pass-stats (each pass's changes on stderr). */
typedef struct cli_passes {
	const char *level;
	const char *only;
	const char *disable;
	const char *print_after;
	int stats;
} cli_passes;

#define CLI_PASS_OPTS(p)                                                          \
	{ "O", 'O', "LEVEL", &(p)->level, NULL, NULL, NULL },                     \
	{ "passes", 0, "LIST", &(p)->only, NULL, NULL, NULL },                    \
	{ "disable-pass", 0, "LIST", &(p)->disable, NULL, NULL, NULL },           \
	{ "print-after", 0, "PASS", &(p)->print_after, NULL, NULL, NULL },        \
	{ "pass-stats", 0, NULL, NULL, &(p)->stats, NULL, NULL }

#define CLI_PASS_USAGE                                                            \
	"  -O LEVEL     0: no optimisation passes; 1: all (a bare -O is -O1)\n"    \
	"  --passes LIST        run only these passes (comma-separated)\n"        \
	"  --disable-pass LIST  skip these passes\n"                               \
	"  --print-after PASS   print the graph on stderr after PASS ('all': each)\n" \
	"  --pass-stats         print what every pass changed on stderr\n"

/* cli_bare_O: rewrite a lone "-O" in argv as "-O1" (before cli_parse). */
void cli_bare_O(int argc, char **argv);
/* cli_apply_passes: run the pass pipeline on m as the flags say, with
 * `dflt` as the level when -O is not given.  CLI_OK, or CLI_EBAD after a
 * one-line error. */
int cli_apply_passes(const char *cmd, ir_model *m, const cli_passes *p, int dflt);
/* cli_open_model: load `path` within lim, run the passes as p says (all
 * by default) and wrap it for sessions; NULL after a one-line error. */
struct onnxc_model *cli_open_model(const char *cmd, const char *path, const struct fe_limits *lim,
				   const cli_passes *p);

/* ---- output ----
 * cli_out_open: open `path` for writing, or standard output when path is
 * NULL or "-".  A file is written to a temporary file in the same folder
 * and only renamed onto `path` by cli_out_commit, so an error never leaves
 * a partial file (cli_out_abort removes the temporary file; so does an
 * interrupt).  `binary` refuses to write to a terminal.  Returns 0, or
 * prints an error and returns -1. */
typedef struct cli_out {
	FILE *f;
	const char *cmd;
	char *path;             /* destination, NULL for stdout */
	char *tmp;              /* temporary file, NULL for stdout */
} cli_out;

int cli_out_open(cli_out *o, const char *cmd, const char *path, int binary);
/* cli_out_commit: flush, check for write errors, rename into place (or
 * flush stdout).  Returns 0, or prints an error, removes the temporary
 * file and returns -1. */
int cli_out_commit(cli_out *o);
/* cli_out_abort: discard the output (temporary file removed). */
void cli_out_abort(cli_out *o);

/* cli_is_stdout: 1 when `path` names standard output (NULL or "-"). */
int cli_is_stdout(const char *path);

#endif
