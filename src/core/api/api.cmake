# SPDX-License-Identifier: GPL-3.0-or-later
# Endpoint specs, family adapters, response normalisation.
target_sources(tokendesk_core PRIVATE
    api/ApiCall.cpp api/ApiCall.h
    api/BankEzyAdapter.cpp api/BankEzyAdapter.h
    api/BankEzyCrypto.cpp api/BankEzyCrypto.h
    api/CallHistory.cpp api/CallHistory.h
    api/CallSecrets.cpp api/CallSecrets.h
    api/CallClock.cpp api/CallClock.h
    api/CallContext.h
    api/EndpointCatalog.cpp api/EndpointCatalog.h
    api/EndpointSpec.cpp api/EndpointSpec.h
    api/EnosAdapter.cpp api/EnosAdapter.h
    api/EnosSignature.cpp api/EnosSignature.h
    api/FamilyAdapter.cpp api/FamilyAdapter.h
    api/FieldSpec.h
    api/FlowRunner.cpp api/FlowRunner.h
    api/FieldValidator.cpp api/FieldValidator.h
    api/JsonPath.cpp api/JsonPath.h
    api/PreparedCall.cpp api/PreparedCall.h
    api/RequestBuilder.cpp api/RequestBuilder.h
    api/ResponseInterpreter.cpp api/ResponseInterpreter.h
    api/ResponseSpec.h
    api/SecmgmtAdapter.cpp api/SecmgmtAdapter.h
    api/SpecExpression.cpp api/SpecExpression.h
    api/SpokenName.cpp api/SpokenName.h
    api/TokenResult.cpp api/TokenResult.h
)
# The built-in endpoint specs, compiled in under :/apis.
qt_add_resources(tokendesk_core "endpoint_specs"
    PREFIX "/apis"
    BASE "${PROJECT_SOURCE_DIR}/resources/apis"
    FILES
        ${PROJECT_SOURCE_DIR}/resources/apis/bankezy.get-app-token.json
        ${PROJECT_SOURCE_DIR}/resources/apis/bankezy.get-user-token.json
        ${PROJECT_SOURCE_DIR}/resources/apis/bankezy.renew-token.json
        ${PROJECT_SOURCE_DIR}/resources/apis/enos.get-token.json
        ${PROJECT_SOURCE_DIR}/resources/apis/enos.refresh-token.json
        ${PROJECT_SOURCE_DIR}/resources/apis/secmgmt.create-token.json
        ${PROJECT_SOURCE_DIR}/resources/apis/secmgmt.refresh-token.json
)
