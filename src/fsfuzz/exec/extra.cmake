# exec's extras. The exec tests need neither findings nor the checker; while those
# modules have no sources yet, empty stand-ins keep the DEPS / TEST_LIBS link lines valid.
# (The modules are declared before exec, so once they have sources the real targets exist.)
foreach(fsfuzz_exec_dep fsfuzz_finding fsfuzz_check)
  if(NOT TARGET ${fsfuzz_exec_dep})
    add_library(${fsfuzz_exec_dep} INTERFACE)
  endif()
endforeach()
