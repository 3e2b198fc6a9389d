# Warnings on for our own targets only (not for GoogleTest or system headers).
function(fsfuzz_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
    $<$<BOOL:${FSFUZZ_WERROR}>:-Werror>)
endfunction()
option(FSFUZZ_WERROR "Treat warnings as errors" OFF)
