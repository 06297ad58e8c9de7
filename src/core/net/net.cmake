# SPDX-License-Identifier: GPL-3.0-or-later
# HTTP client, environments, history, curl export; io/ holds the one helper for user-data writes and the lock between processes.
target_sources(tokendesk_core PRIVATE
    net/ApiClient.cpp net/ApiClient.h
    net/ApiReply.cpp net/ApiReply.h
    net/CertificatePins.cpp net/CertificatePins.h
    net/CertificateValidity.cpp net/CertificateValidity.h
    net/ClientCertificate.cpp net/ClientCertificate.h
    net/CurlExport.cpp net/CurlExport.h
    net/Environment.cpp net/Environment.h
    net/EnvironmentStore.cpp net/EnvironmentStore.h
    net/HistoryEntry.cpp net/HistoryEntry.h
    net/HistoryStore.cpp net/HistoryStore.h
    net/HttpExchange.cpp net/HttpExchange.h
    net/HttpRequest.cpp net/HttpRequest.h
    net/HttpResponse.cpp net/HttpResponse.h
    net/HttpResponseParser.cpp net/HttpResponseParser.h
    net/KdfMode.cpp net/KdfMode.h
    net/ProxyChoice.cpp net/ProxyChoice.h
    net/ProxyTlsBridge.cpp net/ProxyTlsBridge.h
    net/SecretMasker.cpp net/SecretMasker.h
    net/SecretNames.cpp net/SecretNames.h
    net/TlsProblem.cpp net/TlsProblem.h
    net/TlsSessionInfo.cpp net/TlsSessionInfo.h
    net/TransportSettings.h
    net/X509Conversion.cpp net/X509Conversion.h
    io/FileLock.cpp io/FileLock.h
    io/SafeFile.cpp io/SafeFile.h
)
