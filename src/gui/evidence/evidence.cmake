# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence in and out in the GUI: curl and HAR imports into the pages, the support bundle export
# (included by src/gui/CMakeLists.txt).
target_sources(tokendesk_gui PRIVATE
    evidence/CurlImportApplier.cpp evidence/CurlImportApplier.h
    evidence/CurlImportDialog.cpp evidence/CurlImportDialog.h
    evidence/EvidenceActions.cpp evidence/EvidenceActions.h
    evidence/HarImportDialog.cpp evidence/HarImportDialog.h
    evidence/SupportBundleDialog.cpp evidence/SupportBundleDialog.h
    ${PROJECT_SOURCE_DIR}/ui/CurlImportDialog.ui
    ${PROJECT_SOURCE_DIR}/ui/HarImportDialog.ui
)
