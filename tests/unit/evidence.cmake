# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence in: curl commands and HAR files read and matched to endpoints.
tokendesk_add_test(tst_CurlImport SOURCES unit/tst_CurlImport.cpp LABELS unit)
# HAR files: a browser-shaped export of a sandbox session, hostile files, vault keys opening bodies.
tokendesk_add_test(tst_HarImport SOURCES unit/tst_HarImport.cpp LABELS unit)
# The support bundle's ZIP writer, read back by Debian's unzip.
tokendesk_add_test(tst_ZipWriter SOURCES unit/tst_ZipWriter.cpp LABELS unit)
