# litewire_set_warnings(<target>): the project's one warning policy.
function(litewire_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports -Wrestrict inside libstdc++'s std::string code at -O2 (GCC bug 105329),
    # a false positive that -Werror would turn into a broken Release build.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(LITEWIRE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
