/*
 * cmd_dump.c - "onnxc dump MODEL": the graph as loaded, as text (SSA
 * form), Graphviz dot, or written back as ONNX.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dump.h"
#include "fe.h"

static const char usage[] =
	"usage: onnxc dump MODEL [--format text|dot|onnx] [-o FILE] [-O] [pass flags]\n"
	"\n"
	"Print the graph of an ONNX model as loaded by onnxc, or with -O as\n"
	"optimised by its passes.\n"
	"\n"
	"  --format F   text (default): one node per line in SSA form;\n"
	"               dot: a Graphviz digraph (render with 'dot -Tsvg');\n"
	"               onnx: the model written back as ONNX (needs -o)\n"
	"  -o FILE      write to FILE (replaced atomically) instead of standard\n"
	"               output; '-' is standard output\n"
	CLI_PASS_USAGE
	"  -h, --help   show this help\n";

enum { FMT_TEXT, FMT_DOT, FMT_ONNX };

/* write_onnx: serialise m to `path` ("-": standard output, not a terminal). */
static int write_onnx(const ir_model *m, const char *path)
{
	onnxc_err err = { 0 };
	void *buf = NULL;
	size_t len = 0;
	cli_out o;
	int rc;

	if (!cli_is_stdout(path)) {
		if (fe_write_file(m, path, &err))
			return cli_error("dump", "%s", err.msg[0] ? err.msg : "cannot write model");
		return CLI_OK;
	}
	if (cli_out_open(&o, "dump", path, 1))
		return CLI_EBAD;
	if (fe_write_buffer(m, &buf, &len, &err)) {
		cli_out_abort(&o);
		return cli_error("dump", "%s", err.msg[0] ? err.msg : "cannot serialise model");
	}
	fwrite(buf, 1, len, o.f);
	onnxc_free(buf);
	rc = cli_out_commit(&o);
	return rc ? CLI_EBAD : CLI_OK;
}

int cmd_dump(int argc, char **argv)
{
	static const char *const formats[] = { "text", "dot", "onnx", NULL };
	const char *format = "text", *out = NULL, *pos[1];
	cli_passes passes = { 0 };
	const cli_opt opts[] = {
		CLI_PASS_OPTS(&passes),
		{ "format", 0, "F", &format, NULL, NULL, NULL },
		{ "output", 'o', "FILE", &out, NULL, NULL, NULL },
		{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
	};
	ir_model *m;
	cli_out o;
	int n_pos, fmt, rc;

	cli_bare_O(argc, argv);
	rc = cli_parse("dump", argc, argv, opts, usage, pos, 1, &n_pos);
	if (rc)
		return rc == CLI_PARSE_HELP ? CLI_OK : CLI_EBAD;
	if (n_pos != 1)
		return cli_error("dump", "expected one MODEL argument (try 'onnxc dump --help')");
	fmt = cli_choice("dump", "--format", format, formats);
	if (fmt < 0)
		return CLI_EBAD;
	if (fmt == FMT_ONNX && !out)
		return cli_error("dump", "--format onnx writes a binary file: give -o FILE "
				 "('-o -' for standard output)");
	if (fmt == FMT_ONNX && cli_is_stdout(out) && isatty(STDOUT_FILENO))
		return cli_error("dump", "refusing to write binary output to a terminal");
	m = cli_load("dump", pos[0]);
	if (!m)
		return CLI_EBAD;
	/* the graph as loaded unless -O or --passes asks for the passes */
	if (cli_apply_passes("dump", m, &passes, 0)) {
		rc = CLI_EBAD;
		goto free_model;
	}
	if (fmt == FMT_ONNX) {
		rc = write_onnx(m, out);
		goto free_model;
	}
	rc = CLI_EBAD;
	if (cli_out_open(&o, "dump", out, 0))
		goto free_model;
	if ((fmt == FMT_TEXT ? dump_text(o.f, m, NULL) : dump_dot(o.f, m, NULL)) && !ferror(o.f)) {
		cli_out_abort(&o);
		cli_error("dump", "out of memory");
		goto free_model;
	}
	rc = cli_out_commit(&o) ? CLI_EBAD : CLI_OK;

free_model:
	ir_model_free(m);
	return rc;
}
