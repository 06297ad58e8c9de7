# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP client (over loopback), environments, SafeFile, secret masking, history, curl export.
tokendesk_add_test(tst_ApiClient SOURCES unit/tst_ApiClient.cpp LABELS unit integration LIBS Qt6::HttpServer TIMEOUT 120)
tokendesk_add_test(tst_SafeFile SOURCES unit/tst_SafeFile.cpp LABELS unit)
tokendesk_add_test(tst_CertificateValidity SOURCES unit/tst_CertificateValidity.cpp LABELS unit)
tokendesk_add_test(tst_SecretMasker SOURCES unit/tst_SecretMasker.cpp LABELS unit)
tokendesk_add_test(tst_CurlExport SOURCES unit/tst_CurlExport.cpp LABELS unit)
tokendesk_add_test(tst_EnvironmentStore SOURCES unit/tst_EnvironmentStore.cpp LABELS unit)
tokendesk_add_test(tst_HistoryStore SOURCES unit/tst_HistoryStore.cpp LABELS unit)
# Every endpoint x every answer shape from a loopback server, recorded as the app and the CLI do:
# no secret in any file written, in the panes or in the CLI's exchange log.
tokendesk_add_test(tst_SecretLeaks SOURCES unit/tst_SecretLeaks.cpp LABELS unit integration TIMEOUT 300)
add_dependencies(tst_SecretLeaks tokendesk-cli)
# The HTTP/1.1 response parser on bytes alone: split reads, the cap's edge, lying lengths.
tokendesk_add_test(tst_HttpResponseParser SOURCES unit/tst_HttpResponseParser.cpp LABELS unit)
# Hostile servers: a raw loopback server scripted per case, and a child that measures peak memory.
add_executable(hostile_fetch unit/hostile_fetch.cpp)
target_link_libraries(hostile_fetch PRIVATE tokendesk_core tokendesk_options)
tokendesk_add_test(tst_HostileServer SOURCES unit/tst_HostileServer.cpp unit/HostileServer.cpp unit/HostileServer.h
                   LABELS unit integration TIMEOUT 300)
target_compile_definitions(tst_HostileServer PRIVATE TOKENDESK_HOSTILE_FETCH_PATH="$<TARGET_FILE:hostile_fetch>")
add_dependencies(tst_HostileServer hostile_fetch)
# Real TLS and proxies on loopback with certificates the test makes: TLS reasons, the chain shown,
# client certificates, pins, an HTTP CONNECT proxy, a SOCKS5 proxy and no_proxy.
tokendesk_add_test(tst_Transport SOURCES unit/tst_Transport.cpp unit/TestPki.cpp unit/TestPki.h
                   unit/ConnectProxy.cpp unit/ConnectProxy.h unit/Socks5Proxy.cpp unit/Socks5Proxy.h
                   unit/HostileServer.cpp unit/HostileServer.h LABELS unit integration TIMEOUT 300)
