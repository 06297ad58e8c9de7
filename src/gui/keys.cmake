# SPDX-License-Identifier: GPL-3.0-or-later
# The key manager page: the vault's entries, their details, and the dialogs around them
# (included by src/gui/CMakeLists.txt).
target_sources(tokendesk_gui PRIVATE
    keys/ChangePassphraseDialog.cpp keys/ChangePassphraseDialog.h
    keys/CredentialDialog.cpp keys/CredentialDialog.h
    keys/GenerateKeyDialog.cpp keys/GenerateKeyDialog.h
    keys/ImportKeyDialog.cpp keys/ImportKeyDialog.h
    keys/KeyManagerPage.cpp keys/KeyManagerPage.h
    keys/PassphraseStrength.cpp keys/PassphraseStrength.h
    keys/VaultEntryFilterModel.cpp keys/VaultEntryFilterModel.h
    keys/VaultEntryModel.cpp keys/VaultEntryModel.h
    ${PROJECT_SOURCE_DIR}/ui/KeyManagerPage.ui
    ${PROJECT_SOURCE_DIR}/ui/GenerateKeyDialog.ui
)
