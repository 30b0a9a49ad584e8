# The ONNX backend test suite (Debian libonnx-testdata) through the library.
# Fails when a case listed in tests/conformance/passing.txt stops passing.
add_executable(onnxc_conformance ${CMAKE_CURRENT_SOURCE_DIR}/conformance/runner.c)
target_link_libraries(onnxc_conformance PRIVATE onnxc)
add_test(NAME conformance
  COMMAND onnxc_conformance --passing ${CMAKE_CURRENT_SOURCE_DIR}/conformance/passing.txt
          --write-passing ${CMAKE_BINARY_DIR}/conformance_passing.txt)
set_tests_properties(conformance PROPERTIES TIMEOUT 1800)
