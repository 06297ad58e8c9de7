# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence in: curl commands and HAR files read and matched to endpoints (one EndpointMatcher);
# evidence out: the support bundle (a ZIP written by ZipWriter).
target_sources(tokendesk_core PRIVATE
    evidence/CurlCommand.cpp evidence/CurlCommand.h
    evidence/CurlImport.cpp evidence/CurlImport.h
    evidence/FailureExplainer.cpp evidence/FailureExplainer.h
    evidence/EndpointMatcher.cpp evidence/EndpointMatcher.h
    evidence/HarImport.cpp evidence/HarImport.h
    evidence/KdfProbe.cpp evidence/KdfProbe.h
    evidence/KeyProbe.cpp evidence/KeyProbe.h
    evidence/HarLog.cpp evidence/HarLog.h
    evidence/SupportBundle.cpp evidence/SupportBundle.h
    evidence/ZipWriter.cpp evidence/ZipWriter.h
)
