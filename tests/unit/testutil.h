/*
 * testutil.h - shared helpers of the Check suites.
 */
#ifndef ONNXC_TESTUTIL_H
#define ONNXC_TESTUTIL_H

#include <check.h>

/* tu_run: run one suite (no fork, so ASan/LSan see everything); returns the
 * process exit status (0 only when every test passed). */
int tu_run(Suite *s);

/* tu_path: ONNXC_SOURCE_DIR "/" rel in a static buffer. */
const char *tu_src(const char *rel);
const char *tu_bin(const char *rel);

#endif
