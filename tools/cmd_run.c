/*
 * cmd_run.c - "onnxc run": TEMPORARY stub so the command links; the real
 * implementation replaces this file.
 */
#include <stdio.h>

#include "cli.h"

int cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "onnxc run: not yet\n");
	return CLI_EBAD;
}
