# Header-only Debian libraries for emcc: symlinks in the build tree, passed as
# -isystem, because adding /usr/include itself would mix glibc's headers into
# Emscripten's libc (see ../shared/TOOLCHAIN.md).
set(MUTUALAB_WASM_INCLUDE ${CMAKE_BINARY_DIR}/wasm-include)
file(MAKE_DIRECTORY ${MUTUALAB_WASM_INCLUDE})
foreach(entry boost nlohmann pcg_random.hpp pcg_extras.hpp pcg_uint128.hpp)
  if(NOT EXISTS /usr/include/${entry})
    message(FATAL_ERROR "/usr/include/${entry} is missing: install libboost-random-dev, nlohmann-json3-dev and libpcg-cpp-dev (bash scripts/setup.sh)")
  endif()
  file(CREATE_LINK /usr/include/${entry} ${MUTUALAB_WASM_INCLUDE}/${entry} SYMBOLIC)
endforeach()
add_library(mutualab_wasm_headers INTERFACE)
target_include_directories(mutualab_wasm_headers SYSTEM INTERFACE ${MUTUALAB_WASM_INCLUDE})
add_library(Boost::boost ALIAS mutualab_wasm_headers)
add_library(nlohmann_json::nlohmann_json ALIAS mutualab_wasm_headers)
