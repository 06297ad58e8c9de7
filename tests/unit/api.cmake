# SPDX-License-Identifier: GPL-3.0-or-later
# Endpoint specs, field validation, BankEzy/EnOS crypto, request building, response reading.
tokendesk_add_test(tst_BankEzyCrypto SOURCES unit/tst_BankEzyCrypto.cpp LABELS unit)
tokendesk_add_test(tst_EnosSignature SOURCES unit/tst_EnosSignature.cpp LABELS unit)
tokendesk_add_test(tst_JsonPath SOURCES unit/tst_JsonPath.cpp LABELS unit)
tokendesk_add_test(tst_FieldValidator SOURCES unit/tst_FieldValidator.cpp LABELS unit)
tokendesk_add_test(tst_SpecExpression SOURCES unit/tst_SpecExpression.cpp LABELS unit)
tokendesk_add_test(tst_EndpointSpec SOURCES unit/tst_EndpointSpec.cpp LABELS unit)
tokendesk_add_test(tst_EndpointCatalog SOURCES unit/tst_EndpointCatalog.cpp LABELS unit)
tokendesk_add_test(tst_FamilyRegistry SOURCES unit/tst_FamilyRegistry.cpp LABELS unit)
# Both compare the compiled-in folders with the files in the source tree.
target_compile_definitions(tst_EndpointCatalog PRIVATE TOKENDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_compile_definitions(tst_FamilyRegistry PRIVATE TOKENDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
tokendesk_add_test(tst_RequestBuilder SOURCES unit/tst_RequestBuilder.cpp LABELS unit)
tokendesk_add_test(tst_ResponseInterpreter SOURCES unit/tst_ResponseInterpreter.cpp LABELS unit)
tokendesk_add_test(tst_CallClock SOURCES unit/tst_CallClock.cpp LABELS unit LIBS Qt6::Concurrent)
tokendesk_add_test(tst_CallSecrets SOURCES unit/tst_CallSecrets.cpp LABELS unit)
tokendesk_add_test(tst_CallHistory SOURCES unit/tst_CallHistory.cpp LABELS unit)
