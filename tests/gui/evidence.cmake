# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence in the GUI: curl and HAR imports into the pages, the support bundle export.
tokendesk_add_test(tst_CurlImportDialog SOURCES gui/tst_CurlImportDialog.cpp LIBS tokendesk_gui LABELS gui)
tokendesk_add_test(tst_HarImportDialog SOURCES gui/tst_HarImportDialog.cpp LIBS tokendesk_gui LABELS gui)
tokendesk_add_test(tst_SupportBundleDialog SOURCES gui/tst_SupportBundleDialog.cpp LIBS tokendesk_gui LABELS gui integration)
