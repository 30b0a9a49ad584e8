# Hardening: fuzz targets, a ThreadSanitizer build mode, the hostile-model
# corpus through the onnxc command.
#
#   -DONNXC_FUZZ=ON  (CC=clang; add -DONNXC_SANITIZE=ON for ASan+UBSan):
#       libFuzzer executables tests/fuzz_{load,npy,pb,prepare}; the library
#       gets coverage instrumentation.  Run them with tools/fuzz.sh.
#   -DONNXC_TSAN=ON  everything built with -fsanitize=thread (not together
#       with ONNXC_SANITIZE); run ctest -R concurrency (tools/tsan.sh).
#
# In every build, each fuzz target is also linked with a replay main and
# run by ctest on its regression inputs (tests/fuzz/regress/TARGET/, each
# a former finding) and on the repo's own models.
option(ONNXC_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)
option(ONNXC_TSAN "Build with ThreadSanitizer" OFF)

if(ONNXC_TSAN)
  if(ONNXC_SANITIZE)
    message(FATAL_ERROR "ONNXC_TSAN and ONNXC_SANITIZE cannot be combined")
  endif()
  # onnxc_deps carries usage requirements to the library, the command and
  # every test; the generated protobuf code is compiled on its own.
  target_compile_options(onnxc_deps INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(onnxc_deps INTERFACE -fsanitize=thread)
  target_compile_options(onnxpb PRIVATE -fsanitize=thread)
endif()

set(FUZZ_TARGETS load npy pb prepare)
set(FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
foreach(t ${FUZZ_TARGETS})
  add_executable(fuzz_${t}_replay ${FUZZ_DIR}/fuzz_${t}.c ${FUZZ_DIR}/replay.c)
  target_link_libraries(fuzz_${t}_replay PRIVATE onnxc)
endforeach()

if(ONNXC_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ONNXC_FUZZ needs clang (configure with CC=clang)")
  endif()
  target_compile_options(onnxc_obj PRIVATE -fsanitize=fuzzer-no-link)
  foreach(t ${FUZZ_TARGETS})
    add_executable(fuzz_${t} ${FUZZ_DIR}/fuzz_${t}.c)
    target_compile_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${t} PRIVATE onnxc)
  endforeach()
endif()

# Regression inputs, plus the repo's models and inputs as a smoke run.
set(FUZZ_REGRESS ${FUZZ_DIR}/regress)
add_test(NAME fuzz.regress.load
  COMMAND fuzz_load_replay ${FUZZ_REGRESS}/load ${CMAKE_SOURCE_DIR}/tests/models ${CMAKE_BINARY_DIR}/tests/fe)
add_test(NAME fuzz.regress.prepare
  COMMAND fuzz_prepare_replay ${FUZZ_REGRESS}/prepare ${CMAKE_SOURCE_DIR}/tests/models ${CMAKE_BINARY_DIR}/tests/fe)
add_test(NAME fuzz.regress.npy
  COMMAND fuzz_npy_replay ${FUZZ_REGRESS}/npy ${CMAKE_SOURCE_DIR}/tests/models)
add_test(NAME fuzz.regress.pb
  COMMAND fuzz_pb_replay ${FUZZ_REGRESS}/pb)
set_tests_properties(fuzz.regress.load fuzz.regress.prepare PROPERTIES FIXTURES_REQUIRED fe_fixtures)

# Hostile models (tests/hostile/make_hostile.py, written at test time) through
# `onnxc run` (and info/dump when the command has them): exit 2, one line on
# stderr, no output file.  The valid models among them also feed test_faults.
find_program(HOSTILE_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT HOSTILE_PYTHON3)
  find_program(HOSTILE_PYTHON3 python3 REQUIRED)
endif()
set(HOSTILE_DIR ${CMAKE_BINARY_DIR}/tests/hostile)
add_test(NAME hostile.gen
  COMMAND ${HOSTILE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/make_hostile.py ${HOSTILE_DIR})
set_tests_properties(hostile.gen PROPERTIES FIXTURES_SETUP hostile_models)
add_test(NAME hostile.run
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/hostile/run_hostile.sh $<TARGET_FILE:onnxc_cli> ${HOSTILE_DIR})
set_tests_properties(hostile.run PROPERTIES FIXTURES_REQUIRED hostile_models TIMEOUT 900)
if(TEST unit.test_faults)
  set_tests_properties(unit.test_faults PROPERTIES FIXTURES_REQUIRED "hostile_models")
endif()
if(TEST unit.test_concurrency)
  set_tests_properties(unit.test_concurrency PROPERTIES FIXTURES_REQUIRED "hostile_models")
endif()
