// Sanitizer defaults for the fuzz targets: the executor's SIGBUS handler (fault_guard)
// must see the SIGBUS a touch past EOF raises, so AddressSanitizer leaves SIGBUS alone.
// (The executor also re-installs its handler before every program, should anyone have
// replaced it.) A 16 MiB quarantine instead of 256 MiB: every input frees its program,
// trace and read-back buffers, and with the default quarantine each allocation lands on
// fresh pages (page faults, a 400 MB RSS); fsfuzz_codec runs 2.2x faster (docs/fuzzing.md,
// "Measured"). A use after free within one input is still caught. Flags given in
// ASAN_OPTIONS (or an options file's [asan] section) still win over these.
extern "C" const char* __asan_default_options() {
  return "handle_sigbus=0:allow_user_segv_handler=1:quarantine_size_mb=16";
}
extern "C" const char* __ubsan_default_options() { return "handle_sigbus=0:print_stacktrace=1"; }
