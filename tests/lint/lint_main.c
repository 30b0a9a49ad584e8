/*
 * lint_main.c - a stand-in `onnxc` for the lint tests while the command
 * table does not list `lint` yet: `onnxc_lint_driver lint MODEL ...`.
 */
int cmd_lint(int argc, char **argv);

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	return cmd_lint(argc - 1, argv + 1);
}
