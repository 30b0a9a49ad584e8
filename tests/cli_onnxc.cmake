# The onnxc command on real model files (needs the loader):
#   cli.small.*   a small model made by tests/cli/make_small.py at test time:
#                 exact text dump and info (text and json) against the
#                 expected files in tests/cli/, and the dot output renders;
#   cli.errors    error handling and plain command-line behaviour;
#   cli.roundtrip info, dump text/dot/onnx and reload over the ONNX test data;
#   cli.pass_marks what the passes did, as --pass-stats and dumps show it.
set(CLI_DIR ${CMAKE_CURRENT_SOURCE_DIR}/cli)
set(CLI_WORK ${CMAKE_CURRENT_BINARY_DIR}/cli)
set(CLI_PYTHON /usr/bin/python3)
file(MAKE_DIRECTORY ${CLI_WORK})

add_test(NAME cli.small.make
  COMMAND ${CLI_PYTHON} ${CLI_DIR}/make_small.py small.onnx
  WORKING_DIRECTORY ${CLI_WORK})
set_tests_properties(cli.small.make PROPERTIES FIXTURES_SETUP cli_small)

# cli_expect(NAME EXPECTED ARGS...): `onnxc ARGS` run in CLI_WORK must print
# exactly the file tests/cli/EXPECTED.
function(cli_expect name expected)
  add_test(NAME cli.small.${name}
    COMMAND sh -c "\"$0\" \"$@\" > ${name}.out && diff -u \"${CLI_DIR}/${expected}\" ${name}.out"
      $<TARGET_FILE:onnxc_cli> ${ARGN}
    WORKING_DIRECTORY ${CLI_WORK})
  set_tests_properties(cli.small.${name} PROPERTIES FIXTURES_REQUIRED cli_small)
endfunction()
cli_expect(text small.expected.txt dump small.onnx)
# info: exact too, but its "unsupported" list follows the K column of ir/ops.def
add_test(NAME cli.small.info
  COMMAND ${CLI_PYTHON} ${CLI_DIR}/check_info.py $<TARGET_FILE:onnxc_cli> small.onnx
    ${CMAKE_SOURCE_DIR}/ir/ops.def ${CLI_DIR}/small.info.expected.txt ${CLI_DIR}/small.info.expected.json
  WORKING_DIRECTORY ${CLI_WORK})
set_tests_properties(cli.small.info PROPERTIES FIXTURES_REQUIRED cli_small)

find_program(DOT_EXECUTABLE dot)
if(DOT_EXECUTABLE)
  add_test(NAME cli.small.dot_renders
    COMMAND sh -c "\"$0\" dump small.onnx --format dot -o small.dot && \"$1\" -Tsvg small.dot -o small.svg 2> small.svg.err; rc=$?; cat small.svg.err >&2; test $rc -eq 0 && test ! -s small.svg.err && grep -q '</svg>' small.svg"
      $<TARGET_FILE:onnxc_cli> ${DOT_EXECUTABLE}
    WORKING_DIRECTORY ${CLI_WORK})
  set_tests_properties(cli.small.dot_renders PROPERTIES FIXTURES_REQUIRED cli_small)
endif()

add_test(NAME cli.errors
  COMMAND bash ${CLI_DIR}/errors.sh $<TARGET_FILE:onnxc_cli> ${CLI_WORK}/small.onnx)
set_tests_properties(cli.errors PROPERTIES FIXTURES_REQUIRED cli_small)

set(CLI_TESTDATA /usr/share/libonnx-testdata/data)
if(EXISTS ${CLI_TESTDATA}/node)
  add_test(NAME cli.roundtrip
    COMMAND ${CMAKE_COMMAND} -E env STRICT=1 bash ${CLI_DIR}/roundtrip.sh $<TARGET_FILE:onnxc_cli>
      ${CLI_TESTDATA}/node ${CLI_TESTDATA}/pytorch-converted
      ${CLI_TESTDATA}/pytorch-operator ${CLI_TESTDATA}/simple)
  set_tests_properties(cli.roundtrip PROPERTIES TIMEOUT 3600 LABELS slow)
endif()

# cli.pass_marks: --pass-stats node counts, and the folded/fused nodes
# marked in the text and dot dumps of the bundled model.
add_test(NAME cli.pass_marks
  COMMAND sh ${CLI_DIR}/pass_marks.sh $<TARGET_FILE:onnxc_cli> ${CMAKE_SOURCE_DIR}/tests/models/fcn_small.onnx)

# cli.blas_core: --version names the OpenBLAS core, and the re-exec with
# OPENBLAS_CORETYPE when OpenBLAS reports a weaker core than the CPU runs
# (faked by a preloaded openblas_get_corename, so it runs on any CPU).
add_library(onnxc_fake_corename MODULE ${CLI_DIR}/fake_corename.c)
# the shim is preloaded into sanitized and plain builds alike: keep it plain
target_compile_options(onnxc_fake_corename PRIVATE -fno-sanitize=all)
target_link_options(onnxc_fake_corename PRIVATE -fno-sanitize=all)
add_test(NAME cli.blas_core
  COMMAND bash ${CLI_DIR}/blas_core.sh $<TARGET_FILE:onnxc_cli>
    $<TARGET_FILE:onnxc_fake_corename> ${CMAKE_SOURCE_DIR}/tests/models/fcn_small.onnx)

# cli.bench: `onnxc bench` on the bundled model (its --json report checked
# by tests/cli/check_bench.py, FLOPs against a count made with the onnx
# package), random inputs, --profile, errors.
add_test(NAME cli.bench
  COMMAND bash ${CLI_DIR}/bench.sh $<TARGET_FILE:onnxc_cli>
    ${CMAKE_SOURCE_DIR}/tests/models/fcn_small.onnx
    ${CMAKE_SOURCE_DIR}/tests/models/fcn_small_input.npy ${CLI_WORK}/small.onnx)
set_tests_properties(cli.bench PROPERTIES FIXTURES_REQUIRED cli_small)
