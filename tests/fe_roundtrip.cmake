# Front-end tests: fixtures generated at test time by make_fixtures.py into
# <build>/tests/fe, and the ONNX checker run on what the writer produced.
find_program(FE_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FE_PYTHON3)
  find_program(FE_PYTHON3 python3 REQUIRED)
endif()
set(FE_FIXTURE_DIR ${CMAKE_BINARY_DIR}/tests/fe)

add_test(NAME fe.fixtures
  COMMAND ${FE_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/data/fe/make_fixtures.py ${FE_FIXTURE_DIR})
set_tests_properties(fe.fixtures PROPERTIES FIXTURES_SETUP fe_fixtures)

foreach(t test_fe_load test_fe_errors test_fe_write)
  if(TEST unit.${t})
    set_tests_properties(unit.${t} PROPERTIES FIXTURES_REQUIRED fe_fixtures)
  endif()
endforeach()

# test_fe_write and test_fe_testdata leave the files they wrote in
# <build>/tests/fe/rt*; the checker then validates every one of them.
foreach(t test_fe_write test_fe_testdata)
  if(TEST unit.${t})
    set_tests_properties(unit.${t} PROPERTIES FIXTURES_SETUP fe_written)
  endif()
endforeach()
add_test(NAME fe.roundtrip_checker
  COMMAND ${FE_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/data/fe/check_written.py ${FE_FIXTURE_DIR})
set_tests_properties(fe.roundtrip_checker PROPERTIES FIXTURES_REQUIRED "fe_fixtures;fe_written")
