# Testbed extras: the signal-test helper program and the test data path. Included from
# fsfuzz_module(testbed) before its test target exists, so the test wiring is deferred
# to the end of the directory.

add_executable(fsfuzz_testbed_holder ${CMAKE_CURRENT_SOURCE_DIR}/testbed/tools/holder_main.cc)
target_link_libraries(fsfuzz_testbed_holder PRIVATE fsfuzz_testbed)
fsfuzz_warnings(fsfuzz_testbed_holder)

function(fsfuzz_testbed_wire_tests)
  if(TARGET fsfuzz_testbed_test)
    add_dependencies(fsfuzz_testbed_test fsfuzz_testbed_holder)
    target_compile_definitions(fsfuzz_testbed_test PRIVATE
      FSFUZZ_TESTBED_HOLDER="$<TARGET_FILE:fsfuzz_testbed_holder>"
      FSFUZZ_TESTBED_TESTDATA="${PROJECT_SOURCE_DIR}/src/fsfuzz/testbed/testdata")
  endif()
endfunction()
cmake_language(DEFER CALL fsfuzz_testbed_wire_tests)
