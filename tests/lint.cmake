# Dilation lint: models exported from PyTorch at test time by
# tests/lint/make_models.py into <build>/tests/lint, then `onnxc lint` on each
# compared with tests/lint/expected/NAME.txt (text, exit status), JSON and SVG
# checked by tests/lint/check_json_svg.py.
find_program(LINT_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT LINT_PYTHON3)
  find_program(LINT_PYTHON3 python3 REQUIRED)
endif()
set(LINT_DIR ${CMAKE_BINARY_DIR}/tests/lint)

# Until tools/onnxc.c lists `lint`, a stand-in main runs cmd_lint.
file(READ ${CMAKE_SOURCE_DIR}/tools/onnxc.c LINT_ONNXC_SRC)
string(FIND "${LINT_ONNXC_SRC}" "cmd_lint" LINT_IN_TABLE)
if(LINT_IN_TABLE EQUAL -1)
  add_executable(onnxc_lint_driver ${CMAKE_CURRENT_SOURCE_DIR}/lint/lint_main.c
    ${CMAKE_SOURCE_DIR}/tools/cmd_lint.c)
  target_link_libraries(onnxc_lint_driver PRIVATE onnxc)
  set(LINT_TOOL $<TARGET_FILE:onnxc_lint_driver>)
else()
  set(LINT_TOOL $<TARGET_FILE:onnxc_cli>)
endif()

add_test(NAME lint.models
  COMMAND ${LINT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/lint/make_models.py ${LINT_DIR})
set_tests_properties(lint.models PROPERTIES FIXTURES_SETUP lint_models TIMEOUT 900)

# name, exit status, extra flags
set(LINT_CASES
  "stack_246|1|"
  "stack_222|1|"
  "stack_129|1|"
  "stack_125|0|"
  "stack_125125|0|"
  "stack_193|0|"
  "stack_193_werror|1|--werror"
  "residual|1|"
  "aspp|1|"
  "deeplabv3_mobilenet_v3_large|1|")
foreach(case ${LINT_CASES})
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 status)
  list(LENGTH parts n)
  set(flags "")
  if(n GREATER 2)
    list(GET parts 2 flags)
  endif()
  string(REGEX REPLACE "_werror$" "" model "${name}")
  add_test(NAME lint.text.${name}
    COMMAND ${CMAKE_COMMAND} -DTOOL=${LINT_TOOL} -DMODEL=${LINT_DIR}/${model}.onnx
      -DFLAGS=${flags} -DEXPECTED=${CMAKE_CURRENT_SOURCE_DIR}/lint/expected/${name}.txt
      -DSTATUS=${status} -P ${CMAKE_CURRENT_SOURCE_DIR}/lint/check_text.cmake)
  set_tests_properties(lint.text.${name} PROPERTIES FIXTURES_REQUIRED lint_models)
endforeach()

add_test(NAME lint.json_svg
  COMMAND ${LINT_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/lint/check_json_svg.py ${LINT_TOOL} ${LINT_DIR})
set_tests_properties(lint.json_svg PROPERTIES FIXTURES_REQUIRED lint_models)
