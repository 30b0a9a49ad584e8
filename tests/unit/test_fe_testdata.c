/*
 * test_fe_testdata.c - every model.onnx of the ONNX backend test data
 * (node, pytorch-converted, pytorch-operator, simple) must load, write and
 * load back to the same IR.  The written files go to <build>/tests/fe/
 * rt_testdata for the ONNX checker (fe.roundtrip_checker).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fe.h"
#include "testutil.h"

#define TESTDATA "/usr/share/libonnx-testdata/data"

START_TEST(all_testdata_models)
{
	static const char *dirs[] = { "node", "pytorch-converted", "pytorch-operator", "simple" };
	int found = 0, loaded = 0, written = 0, same = 0, d;
	char out_dir[4096];

	snprintf(out_dir, sizeof out_dir, "%s/tests/fe/rt_testdata", ONNXC_BINARY_DIR);
	mkdir(ONNXC_BINARY_DIR "/tests", 0777);
	mkdir(ONNXC_BINARY_DIR "/tests/fe", 0777);
	mkdir(out_dir, 0777);
	for (d = 0; d < 4; d++) {
		char dir[512];
		struct dirent *e;
		DIR *dp;

		snprintf(dir, sizeof dir, "%s/%s", TESTDATA, dirs[d]);
		dp = opendir(dir);
		ck_assert_msg(dp != NULL, "cannot open %s", dir);
		while ((e = readdir(dp)) != NULL) {
			char path[1024], out[4096 + 600], why[512];
			struct stat st;
			onnxc_err err = { 0 };
			ir_model *m = NULL, *m2 = NULL;
			void *buf;
			size_t len;

			snprintf(path, sizeof path, "%s/%s/model.onnx", dir, e->d_name);
			if (e->d_name[0] == '.' || stat(path, &st))
				continue;
			found++;
			if (fe_load_file(path, NULL, &m, &err)) {
				fprintf(stderr, "LOAD FAILED %s\n", err.msg);
				continue;
			}
			loaded++;
			snprintf(out, sizeof out, "%s/%s__%s.onnx", out_dir, dirs[d], e->d_name);
			if (fe_write_file(m, out, &err) || fe_write_buffer(m, &buf, &len, &err)) {
				fprintf(stderr, "WRITE FAILED %s: %s\n", path, err.msg);
				ir_model_free(m);
				continue;
			}
			written++;
			if (fe_load_buffer(buf, len, NULL, out, NULL, &m2, &err))
				fprintf(stderr, "RELOAD FAILED %s\n", err.msg);
			else if (!fe_model_equal(m, m2, why, sizeof why))
				fprintf(stderr, "ROUND TRIP DIFFERS %s: %s\n", path, why);
			else
				same++;
			onnxc_free(buf);
			ir_model_free(m2);
			ir_model_free(m);
		}
		closedir(dp);
	}
	fprintf(stderr, "testdata: %d models, %d loaded, %d written, %d round-tripped equal\n",
		found, loaded, written, same);
	ck_assert_int_gt(found, 1000);
	ck_assert_int_eq(loaded, found);
	ck_assert_int_eq(written, found);
	ck_assert_int_eq(same, found);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fe_testdata");
	TCase *tc = tcase_create("testdata");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, all_testdata_models);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
