# SPDX-License-Identifier: GPL-3.0-or-later
tokendesk_add_test(tst_TokenInspector SOURCES unit/tst_TokenInspector.cpp LABELS unit)
tokendesk_add_test(tst_KeyCandidates SOURCES unit/tst_KeyCandidates.cpp LABELS unit)
