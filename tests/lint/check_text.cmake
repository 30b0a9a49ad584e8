# check_text.cmake: run `TOOL lint MODEL FLAGS`, replace the model's path by
# "MODEL" and compare standard output with EXPECTED and the exit status
# with STATUS.  -DTOOL= -DMODEL= -DFLAGS= -DEXPECTED= -DSTATUS=
separate_arguments(flag_list UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${TOOL} lint ${MODEL} ${flag_list}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(REPLACE "${MODEL}" "MODEL" out "${out}")
file(READ ${EXPECTED} want)
if(NOT "${rc}" STREQUAL "${STATUS}")
  message(FATAL_ERROR "exit status ${rc}, expected ${STATUS}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT "${out}" STREQUAL "${want}")
  message(FATAL_ERROR "output differs from ${EXPECTED}\n--- got:\n${out}\n--- expected:\n${want}")
endif()
if(NOT "${err}" STREQUAL "")
  message(FATAL_ERROR "unexpected stderr:\n${err}")
endif()
