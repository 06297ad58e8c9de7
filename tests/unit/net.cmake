# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP client (over loopback), environments, SafeFile, secret masking, history, curl export.
tokendesk_add_test(tst_ApiClient SOURCES unit/tst_ApiClient.cpp LABELS unit integration LIBS Qt6::HttpServer TIMEOUT 120)
tokendesk_add_test(tst_SafeFile SOURCES unit/tst_SafeFile.cpp LABELS unit)
tokendesk_add_test(tst_SecretMasker SOURCES unit/tst_SecretMasker.cpp LABELS unit)
tokendesk_add_test(tst_CurlExport SOURCES unit/tst_CurlExport.cpp LABELS unit)
tokendesk_add_test(tst_EnvironmentStore SOURCES unit/tst_EnvironmentStore.cpp LABELS unit)
tokendesk_add_test(tst_HistoryStore SOURCES unit/tst_HistoryStore.cpp LABELS unit)
