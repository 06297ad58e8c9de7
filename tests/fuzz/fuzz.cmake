# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer targets, one per parser that takes outside input (clang only). The asan preset
# builds them beside the sanitized suite; scripts/fuzz runs each on tests/fuzz/corpus/<target>/.
set(TOKENDESK_FUZZ_TARGETS
    fuzz_base64url
    fuzz_key_formats
    fuzz_jwe_compact
    fuzz_jws_compact
    fuzz_inspect
    fuzz_responses
    fuzz_vault_file
    fuzz_sessions_file
    fuzz_history
    fuzz_environments
    fuzz_endpoint_spec
    fuzz_http_response
    fuzz_sandbox_request
    fuzz_curl_command
    fuzz_har_log
    fuzz_spec_expression
    fuzz_family_spec
    fuzz_generic_family
)
add_library(tokendesk_fuzz_support STATIC fuzz/FuzzSupport.cpp fuzz/FuzzSupport.h)
target_link_libraries(tokendesk_fuzz_support PUBLIC Qt6::Core tokendesk_options)
set_target_properties(tokendesk_fuzz_support PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
foreach(target IN LISTS TOKENDESK_FUZZ_TARGETS)
    add_executable(${target} fuzz/${target}.cpp)
    set_target_properties(${target} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF) # no QObject here
    target_link_libraries(${target} PRIVATE tokendesk_core tokendesk_sandbox tokendesk_fuzz_support tokendesk_options)
    if(TOKENDESK_SANITIZE)
        # address, undefined and coverage already come with tokendesk_options
        target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    else()
        target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
        target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
    endif()
endforeach()
add_custom_target(tokendesk_fuzz DEPENDS ${TOKENDESK_FUZZ_TARGETS})
