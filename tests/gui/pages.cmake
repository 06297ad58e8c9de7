# SPDX-License-Identifier: GPL-3.0-or-later
# The History, Environments and Sandbox pages, and the models under them.
tokendesk_add_test(tst_HistoryPage SOURCES gui/tst_HistoryPage.cpp LIBS tokendesk_gui LABELS gui)
tokendesk_add_test(tst_HistoryModel SOURCES gui/tst_HistoryModel.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_EnvironmentsPage SOURCES gui/tst_EnvironmentsPage.cpp LIBS tokendesk_gui LABELS gui)
tokendesk_add_test(tst_SandboxPage SOURCES gui/tst_SandboxPage.cpp LIBS tokendesk_gui tokendesk_sandbox LABELS gui TIMEOUT 120)
tokendesk_add_test(tst_CredentialTableModel SOURCES gui/tst_CredentialTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_FaultTableModel SOURCES gui/tst_FaultTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_EnvironmentTableModel SOURCES gui/tst_EnvironmentTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_KeyValueTableModel SOURCES gui/tst_KeyValueTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_OverrideTableModel SOURCES gui/tst_OverrideTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
