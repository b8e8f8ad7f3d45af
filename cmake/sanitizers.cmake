# Sanitizer and fuzzer builds (scripts/sanitize.sh, scripts/fuzz.sh).
#
#   MUTUALAB_SANITIZE=ON      every target compiled and linked with ASan + UBSan
#                             (the `asan` preset, g++). Any report stops the
#                             process: -fno-sanitize-recover=all makes UBSan
#                             fatal too, so a test or run cannot pass with one.
#   MUTUALAB_BUILD_FUZZERS=ON the libFuzzer targets in fuzz/ (the `fuzz` preset,
#                             clang). The libraries get coverage instrumentation
#                             (-fsanitize=fuzzer-no-link) so the fuzzer sees
#                             their branches, not only the harness's.
#
# The flags go on every target created after this file is included, which is
# why the top-level CMakeLists.txt includes it before the first library.
option(MUTUALAB_SANITIZE "Build everything with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
option(MUTUALAB_BUILD_FUZZERS "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)

if(MUTUALAB_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MUTUALAB_BUILD_FUZZERS needs clang (libFuzzer): configure with the `fuzz` preset "
                        "(clang++-14; apt-get install clang-14 libclang-rt-14-dev libfuzzer-14-dev)")
  endif()
  set(MUTUALAB_SANITIZE ON CACHE BOOL "" FORCE)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(MUTUALAB_SANITIZE)
  if(EMSCRIPTEN)
    message(FATAL_ERROR "MUTUALAB_SANITIZE is for native builds")
  endif()
  set(flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${flags})
  add_link_options(${flags})
  message(STATUS "mutualab: sanitizers on (${flags})")
endif()
