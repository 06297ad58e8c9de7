# SPDX-License-Identifier: GPL-3.0-or-later
# The key manager page and the model under its table.
tokendesk_add_test(tst_KeyManagerPage SOURCES gui/tst_KeyManagerPage.cpp unit/TestPki.cpp unit/TestPki.h LIBS tokendesk_gui LABELS gui TIMEOUT 120)
tokendesk_add_test(tst_VaultEntryModel SOURCES gui/tst_VaultEntryModel.cpp LIBS tokendesk_gui LABELS unit gui)
target_include_directories(tst_KeyManagerPage PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
