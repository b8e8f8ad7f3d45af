# One libm for both builds. Emscripten's C library takes its math functions
# (exp, log, pow, erfc, lgamma, ...) from musl; glibc's differ from musl's in
# the last bit for some inputs, and a last-bit difference in a price or a draw
# can flip an agent's choice and change a run. So the native build links the
# same musl functions, from Debian's musl-dev (the C sources are the same, and
# plain IEEE double arithmetic gives the same bits on x86-64 and wasm32): a
# result depends on the seed alone, native or in the browser. The functions
# are copied out of musl's libc.a into a small archive in the build tree and
# linked ahead of glibc's libm; nothing else of musl is used.
#
# Defines the target mutualab_portable_libm (empty when musl-dev is missing
# and MUTUALAB_PORTABLE_LIBM is OFF).
option(MUTUALAB_PORTABLE_LIBM "Link musl's math functions so native runs match the WebAssembly build bit for bit" ON)
add_library(mutualab_portable_libm INTERFACE)
if(NOT MUTUALAB_PORTABLE_LIBM)
  message(STATUS "mutualab: glibc's libm (native results may differ from the browser's in the last bits)")
  return()
endif()
find_file(MUTUALAB_MUSL_LIBC libc.a PATHS /usr/lib/x86_64-linux-musl /usr/lib/musl/lib /usr/local/musl/lib NO_DEFAULT_PATH)
if(NOT MUTUALAB_MUSL_LIBC)
  message(FATAL_ERROR "musl's libc.a not found: apt-get install musl-dev (bash scripts/setup.sh does), "
                      "or configure with -DMUTUALAB_PORTABLE_LIBM=OFF to use glibc's libm")
endif()
# The double-precision functions the core, Boost.Random and the UI call, and their helpers.
set(members
  exp exp_data exp2 expm1 __expo2 log log_data log2 log2_data log10 log1p pow pow_data erf
  lgamma lgamma_r signgam tgamma cbrt sin cos tan sincos __sin __cos __tan __rem_pio2 __rem_pio2_large
  atan atan2 sinh cosh tanh __math_oflow __math_uflow __math_xflow __math_invalid __math_divzero)
set(dir ${CMAKE_BINARY_DIR}/portable-libm)
set(archive ${dir}/libmutualab_musl_math.a)
if(NOT EXISTS ${archive} OR ${MUTUALAB_MUSL_LIBC} IS_NEWER_THAN ${archive})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir}/obj)
  set(objs)
  foreach(m ${members})
    list(APPEND objs ${m}.lo)
  endforeach()
  execute_process(COMMAND ${CMAKE_AR} x ${MUTUALAB_MUSL_LIBC} ${objs} WORKING_DIRECTORY ${dir}/obj
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "extracting musl's math functions from ${MUTUALAB_MUSL_LIBC} failed: ${err}")
  endif()
  file(GLOB extracted ${dir}/obj/*.lo)
  execute_process(COMMAND ${CMAKE_AR} rcs ${archive} ${extracted} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "creating ${archive} failed: ${err}")
  endif()
endif()
target_link_libraries(mutualab_portable_libm INTERFACE ${archive})
message(STATUS "mutualab: musl's math functions from ${MUTUALAB_MUSL_LIBC} (same bits as the WebAssembly build)")
