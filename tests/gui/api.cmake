# SPDX-License-Identifier: GPL-3.0-or-later
# The APIs page: forms generated from the endpoint specs, driven against the real sandbox.
tokendesk_add_test(tst_ApiPage SOURCES gui/tst_ApiPage.cpp LIBS tokendesk_gui tokendesk_sandbox LABELS gui TIMEOUT 120)
# Headless helpers of the page.
tokendesk_add_test(tst_FieldHints SOURCES gui/tst_FieldHints.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_ExpiryText SOURCES gui/tst_ExpiryText.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_VaultPicker SOURCES gui/tst_VaultPicker.cpp LIBS tokendesk_gui LABELS gui)
# User spec folders in the app: listed and marked, refused files named, reloaded on a change, Open Specs Folder.
tokendesk_add_test(tst_UserSpecsGui SOURCES gui/tst_UserSpecsGui.cpp LIBS tokendesk_gui LABELS gui TIMEOUT 120)
