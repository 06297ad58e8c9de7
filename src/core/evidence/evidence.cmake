# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence in: curl commands (and later HAR files) read and matched to endpoints.
target_sources(tokendesk_core PRIVATE
    evidence/CurlCommand.cpp evidence/CurlCommand.h
    evidence/CurlImport.cpp evidence/CurlImport.h
    evidence/FailureExplainer.cpp evidence/FailureExplainer.h
)
