/*
 * testutil.c - shared helpers of the Check suites.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

const char *tu_src(const char *rel)
{
	static char buf[4096];

	snprintf(buf, sizeof buf, "%s/%s", ONNXC_SOURCE_DIR, rel);
	return buf;
}

const char *tu_bin(const char *rel)
{
	static char buf[4096];

	snprintf(buf, sizeof buf, "%s/%s", ONNXC_BINARY_DIR, rel);
	return buf;
}
