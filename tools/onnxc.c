/*
 * onnxc.c - the onnxc command: subcommand dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "onnxc.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("onnxc %s\n", onnxc_version());
		return 0;
	}
	fprintf(stderr, "usage: onnxc --version\n");
	return 2;
}
