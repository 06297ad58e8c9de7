# SPDX-License-Identifier: GPL-3.0-or-later
# The cryptographic primitives under JWE (AES-GCM, AES key wrap, AES-CBC-HMAC, Concat KDF, ECDH,
# PBKDF2, RSA key encryption).
tokendesk_add_test(tst_CryptoPrimitives SOURCES unit/tst_CryptoPrimitives.cpp LABELS unit)
