# SPDX-License-Identifier: GPL-3.0-or-later
# tokendesk-cli, driven as a process: command lines, exit codes, stdin/stdout behaviour.
tokendesk_add_test(tst_Cli SOURCES cli/tst_Cli.cpp LABELS unit)
# The test runs the binary, so building the test must build the CLI too.
add_dependencies(tst_Cli tokendesk-cli)
# call / flow / demo against the embedded sandbox and the standalone tokendesk-sandbox.
tokendesk_add_test(tst_ApiCli SOURCES cli/tst_ApiCli.cpp LABELS integration TIMEOUT 300)
add_dependencies(tst_ApiCli tokendesk-cli tokendesk-sandbox)
# tokendesk-cli vault: passphrase sources, credentials on stdin, no secret on disk.
tokendesk_add_test(tst_VaultCli SOURCES cli/tst_VaultCli.cpp LABELS unit TIMEOUT 600)
add_dependencies(tst_VaultCli tokendesk-cli)
# tokendesk-cli sessions, and the sessions call/flow keep, against standalone sandboxes.
tokendesk_add_test(tst_SessionsCli SOURCES cli/tst_SessionsCli.cpp LABELS integration TIMEOUT 300)
add_dependencies(tst_SessionsCli tokendesk-cli tokendesk-sandbox)
# Every program disables core dumps and ptrace for itself (one ProcessHardening call).
tokendesk_add_test(tst_ProcessHardening SOURCES cli/tst_ProcessHardening.cpp LABELS unit TIMEOUT 60)
add_dependencies(tst_ProcessHardening tokendesk-cli tokendesk-sandbox)
# tokendesk-cli history list|show over what call and flow recorded against a standalone sandbox.
tokendesk_add_test(tst_HistoryCli SOURCES cli/tst_HistoryCli.cpp LABELS integration TIMEOUT 300)
add_dependencies(tst_HistoryCli tokendesk-cli tokendesk-sandbox)
# tokendesk-cli import curl: the contract of --json, masking, a clear failure for what curl would not run.
tokendesk_add_test(tst_ImportCli SOURCES cli/tst_ImportCli.cpp LABELS unit TIMEOUT 60)
add_dependencies(tst_ImportCli tokendesk-cli)
# --version of tokendesk, tokendesk-cli and tokendesk-sandbox (one core BuildInfo), as processes.
tokendesk_add_test(tst_BuildInfo SOURCES cli/tst_BuildInfo.cpp LABELS unit TIMEOUT 60)
target_compile_definitions(tst_BuildInfo PRIVATE
    TOKENDESK_APP_PATH="$<TARGET_FILE:tokendesk>"
    TOKENDESK_EXPECTED_VERSION="${PROJECT_VERSION}")
target_link_libraries(tst_BuildInfo PRIVATE OpenSSL::Crypto)
add_dependencies(tst_BuildInfo tokendesk tokendesk-cli tokendesk-sandbox)
# call over real TLS (certificates made by the test), client certificates, pins and a CONNECT proxy.
tokendesk_add_test(tst_TransportCli SOURCES cli/tst_TransportCli.cpp unit/TestPki.cpp unit/TestPki.h
                   unit/HostileServer.cpp unit/HostileServer.h unit/ConnectProxy.cpp unit/ConnectProxy.h
                   LABELS integration TIMEOUT 300)
target_include_directories(tst_TransportCli PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_dependencies(tst_TransportCli tokendesk-cli tokendesk-sandbox)
# tokendesk-cli bundle against a standalone sandbox: the archive opened with unzip, no secret inside.
tokendesk_add_test(tst_BundleCli SOURCES cli/tst_BundleCli.cpp LABELS integration TIMEOUT 300)
add_dependencies(tst_BundleCli tokendesk-cli tokendesk-sandbox)
# tokendesk-cli specs list|show|validate and --specs, over real temporary spec folders.
tokendesk_add_test(tst_SpecsCli SOURCES cli/tst_SpecsCli.cpp LABELS unit TIMEOUT 120)
add_dependencies(tst_SpecsCli tokendesk-cli)
