# SPDX-License-Identifier: GPL-3.0-or-later
# Everything a TokenDesk target compiles with travels on this one INTERFACE target, so no
# global include_directories/add_definitions are needed.
add_library(tokendesk_options INTERFACE)
target_compile_features(tokendesk_options INTERFACE cxx_std_17)
target_compile_options(tokendesk_options INTERFACE
    -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor
    -fstack-protector-strong)
target_compile_definitions(tokendesk_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    OPENSSL_API_COMPAT=30000
    OPENSSL_NO_DEPRECATED
    $<$<CONFIG:Release,RelWithDebInfo>:_FORTIFY_SOURCE=2>)
target_link_options(tokendesk_options INTERFACE -Wl,-z,relro -Wl,-z,now)
# LLVM's linker where it is installed (scripts/packages.txt has it): the build links about 130
# executables, and ld.lld links one test in 1.4 s where ld.bfd takes 4.4 s (gcc) or 2.9 s with
# ASan (clang); about 10 minutes of CPU per ./scripts/test on a clean tree.
find_program(TOKENDESK_LLD ld.lld)
option(TOKENDESK_USE_LLD "Link with ld.lld when it is installed" ON)
if(TOKENDESK_USE_LLD AND TOKENDESK_LLD)
    target_link_options(tokendesk_options INTERFACE -fuse-ld=lld)
endif()
if(TOKENDESK_SANITIZE)
    # Any UB report aborts the process (no recovery), so a test or fuzz run fails on it.
    target_compile_options(tokendesk_options INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(tokendesk_options INTERFACE -fsanitize=address,undefined)
    if(TOKENDESK_FUZZ)
        # libFuzzer's coverage in every object, so one build tree serves the suite and the fuzz
        # targets; only the fuzz executables link libFuzzer itself (tests/fuzz/fuzz.cmake).
        target_compile_options(tokendesk_options INTERFACE -fsanitize=fuzzer-no-link)
    endif()
endif()
