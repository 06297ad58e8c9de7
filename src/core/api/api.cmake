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
    api/ExpiryReader.cpp api/ExpiryReader.h
    api/FamilyAdapter.cpp api/FamilyAdapter.h
    api/FamilyRegistry.cpp api/FamilyRegistry.h
    api/FamilySpec.cpp api/FamilySpec.h
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
    api/SpecLibrary.cpp api/SpecLibrary.h
    api/SpokenName.cpp api/SpokenName.h
    api/TokenResult.cpp api/TokenResult.h
    api/TransportReferences.cpp api/TransportReferences.h
)
# The built-in endpoint specs and family definitions, compiled in under :/apis and :/families.
# Found at configure time (and again whenever a file is added or removed: CONFIGURE_DEPENDS), so a
# new JSON file needs no CMake edit; the catalog and the registry list the folders at run time.
file(GLOB TOKENDESK_ENDPOINT_SPECS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/resources/apis/*.json")
file(GLOB TOKENDESK_FAMILY_SPECS CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/resources/families/*.json")
qt_add_resources(tokendesk_core "endpoint_specs"
    PREFIX "/apis"
    BASE "${PROJECT_SOURCE_DIR}/resources/apis"
    FILES ${TOKENDESK_ENDPOINT_SPECS}
)
qt_add_resources(tokendesk_core "family_specs"
    PREFIX "/families"
    BASE "${PROJECT_SOURCE_DIR}/resources/families"
    FILES ${TOKENDESK_FAMILY_SPECS}
)
