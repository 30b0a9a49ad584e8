# The graph printers on a model built by hand (no loader involved): exact
# text and dot output against the files in tests/cli/, and dot renders it.
add_executable(cli_dump_ir ${CMAKE_CURRENT_SOURCE_DIR}/cli/dump_ir.c
  ${CMAKE_SOURCE_DIR}/tools/dump_text.c ${CMAKE_SOURCE_DIR}/tools/dump_dot.c
  ${CMAKE_SOURCE_DIR}/tools/dump_util.c)
target_include_directories(cli_dump_ir PRIVATE ${CMAKE_SOURCE_DIR}/tools)
target_link_libraries(cli_dump_ir PRIVATE onnxc)

set(CLI_DIR ${CMAKE_CURRENT_SOURCE_DIR}/cli)
foreach(mode text dot notes notes-dot)
  if(mode MATCHES "dot")
    set(ext dot)
  else()
    set(ext txt)
  endif()
  add_test(NAME cli.dump_ir.${mode}
    COMMAND sh -c "\"$1\" ${mode} > dump_ir.${mode}.out && diff -u \"$2\" dump_ir.${mode}.out"
      sh $<TARGET_FILE:cli_dump_ir> ${CLI_DIR}/dump_ir.${mode}.expected.${ext}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endforeach()
find_program(DOT_EXECUTABLE dot)
if(DOT_EXECUTABLE)
  add_test(NAME cli.dump_ir.dot_renders
    COMMAND sh -c "\"$1\" notes-dot > dump_ir.render.dot && \"$2\" -Tsvg dump_ir.render.dot -o dump_ir.svg 2> dump_ir.svg.err; rc=$?; cat dump_ir.svg.err >&2; test $rc -eq 0 && test ! -s dump_ir.svg.err && grep -q '</svg>' dump_ir.svg"
      sh $<TARGET_FILE:cli_dump_ir> ${DOT_EXECUTABLE}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endif()
