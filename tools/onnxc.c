/*
 * onnxc.c - the onnxc command: subcommand dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "onnxc.h"

int cmd_run(int argc, char **argv);

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("onnxc %s\n", onnxc_version());
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	fprintf(stderr, "usage: onnxc run|--version\n");
	return 2;
}
