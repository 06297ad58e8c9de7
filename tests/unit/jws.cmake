# SPDX-License-Identifier: GPL-3.0-or-later
# JWS compact sign/verify and the JWT claim view.
tokendesk_add_test(tst_JwsCompact SOURCES unit/tst_JwsCompact.cpp LABELS unit)
tokendesk_add_test(tst_JwtClaims SOURCES unit/tst_JwtClaims.cpp LABELS unit)
