# vm module extras (included by fsfuzz_module(vm ...)): its link line, where the shared
# bcachefs image is, the static guest test payload, the boot tests (ctest label "vm": they
# boot qemu) and a hand driver.


# The pre-formatted bcachefs image (../shared/images beside the repository) used when
# `bcachefs format` is missing; FSFUZZ_BCACHEFS_IMAGE overrides it at run time.
get_filename_component(_fsfuzz_shared_images "${PROJECT_SOURCE_DIR}/../shared/images" ABSOLUTE)
target_compile_definitions(fsfuzz_vm PRIVATE FSFUZZ_SHARED_IMAGES_DIR="${_fsfuzz_shared_images}")

# A static program that does O_DIRECT and mmap I/O on a guest filesystem (test payload).
# Without sanitizers: the sanitizer presets' flags cannot link -static, and the guest has
# no sanitizer runtime anyway. (C, so not fsfuzz_warnings, whose flags are C++ ones.)
add_executable(fsfuzz_vm_probe ${CMAKE_CURRENT_SOURCE_DIR}/vm/itest/dio_mmap_probe.c)
target_compile_options(fsfuzz_vm_probe PRIVATE -Wall -Wextra -fno-sanitize=all)
target_link_options(fsfuzz_vm_probe PRIVATE -static -fno-sanitize=all)

fsfuzz_test(fsfuzz_vm_boot_test
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/vm/itest/boot_test.cc
  LIBS fsfuzz_vm LABELS "vm;slow")
if(TARGET fsfuzz_vm_boot_test)
  add_dependencies(fsfuzz_vm_boot_test fsfuzz_vm_probe)
  target_compile_definitions(fsfuzz_vm_boot_test PRIVATE
    FSFUZZ_VM_PROBE="$<TARGET_FILE:fsfuzz_vm_probe>")
endif()

# fsfuzz_vm_tool: drives the runner by hand until the CLI has `fsfuzz vm`.
add_executable(fsfuzz_vm_tool ${CMAKE_CURRENT_SOURCE_DIR}/vm/itest/vm_tool.cc)
target_link_libraries(fsfuzz_vm_tool PRIVATE fsfuzz_vm)
fsfuzz_warnings(fsfuzz_vm_tool)
