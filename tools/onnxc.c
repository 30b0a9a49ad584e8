/*
 * onnxc.c - the onnxc command: dispatch to the subcommands of one table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "onnxc.h"

typedef struct command {
	const char *name;
	const char *summary;
	int (*fn)(int argc, char **argv);
} command;

static const command commands[] = {
	{ "info", "summarise a model: metadata, inputs/outputs, parameters, ops", cmd_info },
	{ "dump", "print the graph as loaded (text, Graphviz dot, or ONNX)", cmd_dump },
	{ "run", "run a model on .npy / .pb inputs; outputs as .npy or a summary", cmd_run },
	{ "bench", "time runs of a model: latency, throughput, GFLOP/s, per-op profile", cmd_bench },
	{ "lint", "check dilated convolutions for gridding holes (HDC rules, exact coverage)", cmd_lint },
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: onnxc COMMAND [ARGS...]\n"
	      "       onnxc help COMMAND | --help | --version\n"
	      "\ncommands:\n", f);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-6s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'onnxc COMMAND --help' for the options of a command.\n"
	      "Exit status: 0 success, 2 bad arguments, input or model.\n", f);
}

static const command *find(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* version: onnxc's, protobuf-c's and OpenBLAS's versions, the core in use
 * (and the one re-executed with); a warning on stderr when that core is
 * weaker than the CPU supports. */
static int version(void)
{
	printf("onnxc %s\n", onnxc_version());
	printf("protobuf-c %s\n", onnxc_protobuf_c_version());
	printf("OpenBLAS %s", onnxc_blas_info());
	if (cli_blas_reexec_core())
		printf(" (re-executed with OPENBLAS_CORETYPE=%s)", cli_blas_reexec_core());
	printf("\n");
	if (fflush(stdout) || ferror(stdout))
		return CLI_EBAD;
	cli_blas_warn();
	return CLI_OK;
}

/* help: "onnxc help [CMD]": the command's own --help. */
static int help(int argc, char **argv)
{
	const command *c;
	char *sub[3];

	if (argc < 2) {
		usage(stdout);
		return CLI_OK;
	}
	if (argc > 2)
		return cli_error("help", "unexpected argument '%s'", argv[2]);
	c = find(argv[1]);
	if (!c)
		return cli_error("help", "unknown command '%s' (try 'onnxc --help')", argv[1]);
	sub[0] = argv[1];
	sub[1] = "--help";
	sub[2] = NULL;
	return c->fn(2, sub);
}

int main(int argc, char **argv)
{
	const command *c;

	cli_blas_reexec(argv);
	if (argc < 2) {
		usage(stderr);
		return CLI_EBAD;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return argc == 2 ? version() : cli_error("--version", "unexpected argument '%s'", argv[2]);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc - 1, argv + 1);
	c = find(argv[1]);
	if (!c) {
		fflush(stdout);
		if (argv[1][0] == '-')
			fprintf(stderr, "onnxc: unknown flag '%s' (try 'onnxc --help')\n", argv[1]);
		else
			fprintf(stderr, "onnxc: unknown command '%s' (try 'onnxc --help')\n", argv[1]);
		return CLI_EBAD;
	}
	return c->fn(argc - 1, argv + 1);
}
