// Sanitizer defaults for the fuzz targets: the executor's SIGBUS handler (fault_guard)
// must see the SIGBUS a touch past EOF raises, so AddressSanitizer leaves SIGBUS alone.
// (The executor also re-installs its handler before every program, should anyone have
// replaced it.) Flags given in ASAN_OPTIONS still win over these.
extern "C" const char* __asan_default_options() { return "handle_sigbus=0:allow_user_segv_handler=1"; }
extern "C" const char* __ubsan_default_options() { return "handle_sigbus=0:print_stacktrace=1"; }
