# SPDX-License-Identifier: GPL-3.0-or-later
# JWE compact serialization: RFC 7520 known answers, round trips, and every diagnostic.
tokendesk_add_test(tst_JweCompact SOURCES unit/tst_JweCompact.cpp LABELS unit)
