# SPDX-License-Identifier: GPL-3.0-or-later
# JWK, key formats and base64url (src/core/jose/{Jwk,KeyFormats,Base64Url}).
tokendesk_add_test(tst_Base64Url SOURCES unit/tst_Base64Url.cpp LABELS unit)
tokendesk_add_test(tst_Jwk SOURCES unit/tst_Jwk.cpp LABELS unit)
tokendesk_add_test(tst_KeyFormats SOURCES unit/tst_KeyFormats.cpp LABELS unit)
