# SPDX-License-Identifier: GPL-3.0-or-later
# The user guide: docs/cli-reference.md matches the programs' --help (scripts/cli-reference
# --check runs them), and every picture and page the guide and the README link exists.
tokendesk_add_test(tst_UserGuide SOURCES docs/tst_UserGuide.cpp LABELS docs TIMEOUT 120)
target_compile_definitions(tst_UserGuide PRIVATE
    TOKENDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    TOKENDESK_BUILD_DIR="${PROJECT_BINARY_DIR}")
add_dependencies(tst_UserGuide tokendesk tokendesk-cli tokendesk-sandbox)
