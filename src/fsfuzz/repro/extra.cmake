# repro extras (included by fsfuzz_module(repro ...) before its test target exists): the
# corpus path for the C-emitter tests, and the root integration test (real filesystems:
# the dio collision's C reproducer on ext4, xfs, btrfs and tmpfs testbeds).

function(fsfuzz_repro_wire_tests)
  if(TARGET fsfuzz_repro_test)
    target_compile_definitions(fsfuzz_repro_test PRIVATE FSFUZZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  endif()
endfunction()
cmake_language(DEFER CALL fsfuzz_repro_wire_tests)

fsfuzz_test(fsfuzz_repro_root_test
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/repro/itest/collision_test.cc
  LIBS fsfuzz_repro LABELS "root;slow")
if(TARGET fsfuzz_repro_root_test)
  target_compile_definitions(fsfuzz_repro_root_test PRIVATE FSFUZZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
