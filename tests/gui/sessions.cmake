# SPDX-License-Identifier: GPL-3.0-or-later
# The Sessions page (issue 5): live countdown, states and renewals against a real sandbox.
tokendesk_add_test(tst_SessionsPage SOURCES gui/tst_SessionsPage.cpp LIBS tokendesk_gui tokendesk_sandbox LABELS gui
                   TIMEOUT 120)
