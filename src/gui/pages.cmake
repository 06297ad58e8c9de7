# SPDX-License-Identifier: GPL-3.0-or-later
# The History, Environments and Sandbox pages (included by src/gui/CMakeLists.txt).
target_sources(tokendesk_gui PRIVATE
    history/HistoryModel.cpp history/HistoryModel.h
    history/HistoryPage.cpp history/HistoryPage.h
    environments/ComboBoxDelegate.cpp environments/ComboBoxDelegate.h
    environments/EnvironmentTableModel.cpp environments/EnvironmentTableModel.h
    environments/EnvironmentsPage.cpp environments/EnvironmentsPage.h
    environments/KeyValueTableModel.cpp environments/KeyValueTableModel.h
    environments/LockIcon.cpp environments/LockIcon.h
    environments/OverrideTableModel.cpp environments/OverrideTableModel.h
    environments/SecretValueDelegate.cpp environments/SecretValueDelegate.h
    sandbox/CredentialTableModel.cpp sandbox/CredentialTableModel.h
    sandbox/DurationSpinBox.cpp sandbox/DurationSpinBox.h
    sandbox/FaultTableModel.cpp sandbox/FaultTableModel.h
    sandbox/SandboxPage.cpp sandbox/SandboxPage.h
    sandbox/SandboxTlsEditor.cpp sandbox/SandboxTlsEditor.h
    ${PROJECT_SOURCE_DIR}/ui/HistoryPage.ui
    ${PROJECT_SOURCE_DIR}/ui/EnvironmentsPage.ui
    ${PROJECT_SOURCE_DIR}/ui/SandboxPage.ui
)
target_link_libraries(tokendesk_gui PUBLIC tokendesk_sandbox)
