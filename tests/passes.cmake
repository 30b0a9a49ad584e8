# Pass tests: every tests/unit/test_pass_*.c links the graph builder of
# tests/passes/gb.c.  test_pass_models also runs torchvision models that
# tests/e2e/gen.py exports at test time into <build>/tests/passes/{static,dyn}
# (opset 13; the dynamic-batch variants only of the smaller models) and the
# models of tests/passes/export_models.py into <build>/tests/passes/unfolded.
file(GLOB PASS_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_pass_*.c)
foreach(src ${PASS_TESTS})
  get_filename_component(name ${src} NAME_WE)
  target_sources(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/passes/gb.c)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/passes)
endforeach()

find_program(PASS_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
set(PASS_MODEL_DIR ${CMAKE_BINARY_DIR}/tests/passes)
if(PASS_PYTHON3 AND TEST unit.test_pass_models)
  add_test(NAME passes.models_static
    COMMAND ${PASS_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/gen.py --out ${PASS_MODEL_DIR}/static
            --models resnet18,mobilenet_v2,squeezenet1_1,lraspp_mobilenet_v3_large,transformer
            --opsets 13 --dynamic no)
  add_test(NAME passes.models_dyn
    COMMAND ${PASS_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/gen.py --out ${PASS_MODEL_DIR}/dyn
            --models squeezenet1_1,lraspp_mobilenet_v3_large,transformer --opsets 13 --dynamic yes)
  # exports that keep BatchNorm, Pads, MatMul+Add and shape chains
  add_test(NAME passes.models_unfolded
    COMMAND ${PASS_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/passes/export_models.py
            --out ${PASS_MODEL_DIR}/unfolded)
  set_tests_properties(passes.models_static passes.models_dyn passes.models_unfolded
    PROPERTIES FIXTURES_SETUP pass_models TIMEOUT 600)
  set_tests_properties(unit.test_pass_models PROPERTIES FIXTURES_REQUIRED pass_models
    ENVIRONMENT "CK_DEFAULT_TIMEOUT=1200;ONNXC_PASS_MODELS=${PASS_MODEL_DIR}/static:${PASS_MODEL_DIR}/dyn:${PASS_MODEL_DIR}/unfolded")
endif()
