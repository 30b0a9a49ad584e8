# End-to-end: models exported by PyTorch (tests/e2e/gen.py, random weights,
# fixed seeds) run through `onnxc run`, compared with PyTorch's own outputs
# (max abs error <= 1e-4 * max(1, max|ref|)).  vgg11 (half a gigabyte per
# export) is exported once, at opset 13 with a static batch.
set(E2E_DIR ${CMAKE_BINARY_DIR}/e2e)
set(E2E_MODELS resnet18,mobilenet_v2,squeezenet1_1,deeplabv3_mobilenet_v3_large,lraspp_mobilenet_v3_large,fcn_resnet50,unet,fcn_bilinear,transformer)
add_test(NAME e2e.gen
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/e2e/gen.py --out ${E2E_DIR}/all --models ${E2E_MODELS})
add_test(NAME e2e.gen_vgg
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/e2e/gen.py --out ${E2E_DIR}/vgg --models vgg11 --opsets 13 --dynamic no)
set_tests_properties(e2e.gen e2e.gen_vgg PROPERTIES FIXTURES_SETUP e2e_models TIMEOUT 1800 RESOURCE_LOCK cpu_heavy)
add_test(NAME e2e.run
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/run_e2e.sh $<TARGET_FILE:onnxc_cli> ${E2E_DIR}/all)
add_test(NAME e2e.run_vgg
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/run_e2e.sh $<TARGET_FILE:onnxc_cli> ${E2E_DIR}/vgg)
set_tests_properties(e2e.run e2e.run_vgg PROPERTIES FIXTURES_REQUIRED e2e_models TIMEOUT 1800)
# threads 2 and 3 against threads 1 on every model (the pool's splits)
add_test(NAME e2e.threads
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/threads.sh $<TARGET_FILE:onnxc_cli> ${E2E_DIR}/all)
set_tests_properties(e2e.threads PROPERTIES FIXTURES_REQUIRED e2e_models TIMEOUT 1800)
add_test(NAME e2e.bundled
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/bundled.sh $<TARGET_FILE:onnxc_cli> ${CMAKE_SOURCE_DIR})
add_test(NAME e2e.dump
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/dump_all.sh $<TARGET_FILE:onnxc_cli> ${E2E_DIR}/all)
set_tests_properties(e2e.dump PROPERTIES FIXTURES_REQUIRED e2e_models TIMEOUT 1800)
