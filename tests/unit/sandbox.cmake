# SPDX-License-Identifier: GPL-3.0-or-later
# The built-in sandbox server: service logic, faults, loopback HTTP, the standalone process.
tokendesk_add_test(tst_SandboxBankEzyService SOURCES unit/tst_SandboxBankEzyService.cpp LABELS unit LIBS tokendesk_sandbox)
tokendesk_add_test(tst_SandboxEnosService SOURCES unit/tst_SandboxEnosService.cpp LABELS unit LIBS tokendesk_sandbox)
tokendesk_add_test(tst_SandboxSecmgmtService SOURCES unit/tst_SandboxSecmgmtService.cpp LABELS unit LIBS tokendesk_sandbox)
tokendesk_add_test(tst_SandboxServer SOURCES unit/tst_SandboxServer.cpp LABELS unit LIBS tokendesk_sandbox TIMEOUT 120)
tokendesk_add_test(tst_SandboxConfig SOURCES unit/tst_SandboxConfig.cpp LABELS unit LIBS tokendesk_sandbox)
# The generic service's answers in the shape a user family's response mapping reads.
tokendesk_add_test(tst_GenericFamilyAnswer SOURCES unit/tst_GenericFamilyAnswer.cpp LABELS unit LIBS tokendesk_sandbox)
tokendesk_add_test(tst_SandboxHost SOURCES unit/tst_SandboxHost.cpp LABELS unit LIBS tokendesk_sandbox TIMEOUT 120)
tokendesk_add_test(tst_SandboxProcess SOURCES unit/tst_SandboxProcess.cpp LABELS unit LIBS tokendesk_sandbox TIMEOUT 120)
add_dependencies(tst_SandboxProcess tokendesk-sandbox)
tokendesk_add_test(tst_SandboxRequestReader SOURCES unit/tst_SandboxRequestReader.cpp LABELS unit LIBS tokendesk_sandbox)
tokendesk_add_test(tst_TokenStore SOURCES unit/tst_TokenStore.cpp LABELS unit LIBS tokendesk_sandbox)
tokendesk_add_test(tst_SandboxLimits SOURCES unit/tst_SandboxLimits.cpp LABELS unit integration LIBS tokendesk_sandbox TIMEOUT 300)
add_dependencies(tst_SandboxLimits tokendesk-sandbox)
