# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer targets (clang only): cmake -DTOKENDESK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ...
# Run e.g. ./tests/fuzz_inspect -max_total_time=60 corpus/
foreach(target fuzz_inspect fuzz_key_formats)
    add_executable(${target} fuzz/${target}.cpp)
    target_link_libraries(${target} PRIVATE tokendesk_core tokendesk_options)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()
