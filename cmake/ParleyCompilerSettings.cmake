# Compiler flags and Qt defines shared by every Parley target (STYLE.md, "Hygiene").
add_library(parley_compiler_settings INTERFACE)
target_compile_options(parley_compiler_settings INTERFACE -Wall -Wextra -Wpedantic)
if(PARLEY_WERROR)
    target_compile_options(parley_compiler_settings INTERFACE -Werror)
endif()
target_compile_definitions(parley_compiler_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    PARLEY_VERSION="${PROJECT_VERSION}")

if(PARLEY_SANITIZE)
    set(_parley_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_compile_options(${_parley_san})
    add_link_options(${_parley_san})
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()
