# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package: the test runs cpack in this build folder (about 8 s, most of it stripping
# and compressing), unpacks the .deb and checks what a user gets.
tokendesk_add_test(tst_Package SOURCES package/tst_Package.cpp LABELS package TIMEOUT 300)
target_compile_definitions(tst_Package PRIVATE
    TOKENDESK_BUILD_DIR="${PROJECT_BINARY_DIR}"
    TOKENDESK_CPACK="${CMAKE_CPACK_COMMAND}"
    TOKENDESK_EXPECTED_VERSION="${PROJECT_VERSION}"
    TOKENDESK_APP_ID="${TOKENDESK_APP_ID}")
# cpack packs what the build made: the three programs, the icons and the man pages.
add_dependencies(tst_Package tokendesk tokendesk-cli tokendesk-sandbox tokendesk_package_data)
