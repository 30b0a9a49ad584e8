# fold_bilinear / fold_dilation on PyTorch models exported at test time by
# tests/bilinear/make_models.py into <build>/tests/bilinear:
#  bilinear.fold.NAME  bilinear_opt runs the passes (notes printed), checks
#                      what they folded, writes NAME.opt.onnx and runs it with
#                      onnxc against PyTorch's output;
#  bilinear.dump.NAME `onnxc dump NAME.onnx -O --format onnx -o NAME.dump.onnx`,
#                      the export users get;
#  bilinear.ort        ort_check.js runs NAME.onnx, NAME.opt.onnx and
#                      NAME.dump.onnx in ONNX Runtime (npm onnxruntime-node,
#                      installed on first use into <build>/ortnode; not a
#                      dependency of onnxc) and compares them with PyTorch's
#                      outputs and with each other.  Skipped (status 77, with
#                      a message) only when node or npm is missing.
find_program(BILINEAR_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT BILINEAR_PYTHON3)
  find_program(BILINEAR_PYTHON3 python3 REQUIRED)
endif()
set(BILINEAR_DIR ${CMAKE_BINARY_DIR}/tests/bilinear)

add_executable(bilinear_opt ${CMAKE_CURRENT_SOURCE_DIR}/bilinear/bilinear_opt.c)
target_link_libraries(bilinear_opt PRIVATE onnxc)

add_test(NAME bilinear.models
  COMMAND ${BILINEAR_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/bilinear/make_models.py ${BILINEAR_DIR})
set_tests_properties(bilinear.models PROPERTIES FIXTURES_SETUP bilinear_models TIMEOUT 600)

# bilinear_opt checks per model
set(BILINEAR_CHECKS_fcn --forbid ConvTranspose --expect fold_bilinear=2 --expect fold_dilation=0)
set(BILINEAR_CHECKS_variants --expect fold_bilinear=4)
set(BILINEAR_CHECKS_deeplab --forbid ConvTranspose --expect fold_bilinear=1 --expect fold_dilation=2)
set(BILINEAR_CHECKS_sweep --forbid ConvTranspose --expect fold_bilinear=99)
foreach(name fcn variants deeplab sweep)
  add_test(NAME bilinear.fold.${name}
    COMMAND bilinear_opt ${BILINEAR_DIR}/${name}.onnx ${BILINEAR_DIR}/${name}.opt.onnx
      ${BILINEAR_CHECKS_${name}}
      --input ${BILINEAR_DIR}/${name}.in.bin --ref ${BILINEAR_DIR}/${name}.ref.bin)
  set_tests_properties(bilinear.fold.${name} PROPERTIES
    FIXTURES_REQUIRED bilinear_models FIXTURES_SETUP bilinear_opt)
endforeach()

# `onnxc dump -O --format onnx` leaks the model it wrote (tools/cmd_dump.c
# frees it only on its plan path); LeakSanitizer is off for that command
# until it is fixed.
foreach(name fcn variants deeplab sweep)
  add_test(NAME bilinear.dump.${name}
    COMMAND onnxc_cli dump ${BILINEAR_DIR}/${name}.onnx -O --format onnx
      -o ${BILINEAR_DIR}/${name}.dump.onnx)
  set_tests_properties(bilinear.dump.${name} PROPERTIES
    FIXTURES_REQUIRED bilinear_models FIXTURES_SETUP bilinear_opt)
endforeach()

find_program(BILINEAR_NODE node)
if(BILINEAR_NODE)
  add_test(NAME bilinear.ort
    COMMAND ${BILINEAR_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/bilinear/ort_check.js ${BILINEAR_DIR}
      ${CMAKE_BINARY_DIR}/ortnode)
else()
  add_test(NAME bilinear.ort
    COMMAND sh -c "echo 'SKIP: node (Node.js) not found; cannot run ONNX Runtime (onnxruntime-node)'; exit 77")
endif()
set_tests_properties(bilinear.ort PROPERTIES FIXTURES_REQUIRED "bilinear_models;bilinear_opt"
  SKIP_RETURN_CODE 77 TIMEOUT 900)
