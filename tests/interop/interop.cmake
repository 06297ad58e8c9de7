# SPDX-License-Identifier: GPL-3.0-or-later
# Interop against the independent `jose` CLI (Debian package `jose`, installed by scripts/bootstrap).
# The test fails, never skips, when the tool is missing.
tokendesk_add_test(tst_JoseInterop SOURCES interop/tst_JoseInterop.cpp LABELS interop TIMEOUT 900)
