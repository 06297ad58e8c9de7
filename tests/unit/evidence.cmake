# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence in: curl commands read and matched to endpoints.
tokendesk_add_test(tst_CurlImport SOURCES unit/tst_CurlImport.cpp LABELS unit)
