# SPDX-License-Identifier: GPL-3.0-or-later
# Core pieces outside the areas: settings.
tokendesk_add_test(tst_Config SOURCES unit/tst_Config.cpp LABELS unit)
