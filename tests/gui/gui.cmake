# SPDX-License-Identifier: GPL-3.0-or-later
# Offscreen GUI tests: real widgets driven by objectName.
tokendesk_add_test(tst_TokenInspectorPage SOURCES gui/tst_TokenInspectorPage.cpp LIBS tokendesk_gui LABELS gui)
tokendesk_add_test(tst_MainWindow SOURCES gui/tst_MainWindow.cpp LIBS tokendesk_gui LABELS gui)
# Helpers of the inspector page: headless, but they live in tokendesk_gui.
tokendesk_add_test(tst_PayloadFormatter SOURCES gui/tst_PayloadFormatter.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_KeyTextParser SOURCES gui/tst_KeyTextParser.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_ClaimTableModel SOURCES gui/tst_ClaimTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_SegmentTableModel SOURCES gui/tst_SegmentTableModel.cpp LIBS tokendesk_gui LABELS unit gui)
include(gui/api.cmake)
include(gui/pages.cmake)
# The keyboard: Ctrl+Enter sends to the embedded sandbox, Ctrl+1…7, Ctrl+F, Ctrl+Shift+C.
tokendesk_add_test(tst_Shortcuts SOURCES gui/tst_Shortcuts.cpp LIBS tokendesk_gui LABELS gui integration)
# Every input on every page has a name a screen reader can say.
tokendesk_add_test(tst_AccessibleNames SOURCES gui/tst_AccessibleNames.cpp LIBS tokendesk_gui LABELS gui)
tokendesk_add_test(tst_Workbench SOURCES gui/tst_Workbench.cpp LIBS tokendesk_gui LABELS gui integration)
# One exchange through the APIs page and through `tokendesk-cli call`: the same history entry and session.
tokendesk_add_test(tst_SameExchange SOURCES gui/tst_SameExchange.cpp LIBS tokendesk_gui LABELS gui integration)
add_dependencies(tst_SameExchange tokendesk-cli)
include(gui/keys.cmake)
include(gui/sessions.cmake)
# Ctrl+K: the command palette's matching, and the palette over a real Workbench.
tokendesk_add_test(tst_PaletteItems SOURCES gui/tst_PaletteItems.cpp LIBS tokendesk_gui LABELS unit gui)
tokendesk_add_test(tst_CommandPalette SOURCES gui/tst_CommandPalette.cpp LIBS tokendesk_gui LABELS gui)
# Light and dark themes: status colour contrast, a switch at run time, the choice kept.
tokendesk_add_test(tst_ThemeManager SOURCES gui/tst_ThemeManager.cpp LIBS tokendesk_gui LABELS gui)
# The window as it was left: page, splitters, geometry fitted into the screen.
tokendesk_add_test(tst_WindowState SOURCES gui/tst_WindowState.cpp LIBS tokendesk_gui LABELS gui)
# Tab follows reading order on every page (the Sandbox page is checked in tst_SandboxPage).
tokendesk_add_test(tst_TabOrder SOURCES gui/tst_TabOrder.cpp LIBS tokendesk_gui LABELS gui)
include(gui/evidence.cmake)
