# SPDX-License-Identifier: GPL-3.0-or-later
# The encrypted vault of keys and pre-shared credentials.
target_sources(tokendesk_core PRIVATE
    vault/Vault.cpp vault/Vault.h
    vault/VaultEntry.cpp vault/VaultEntry.h
    vault/VaultFormat.cpp vault/VaultFormat.h
    vault/VaultReference.cpp vault/VaultReference.h
    vault/ValueSource.h
    vault/VaultHandle.cpp vault/VaultHandle.h
    vault/VaultValueSource.cpp vault/VaultValueSource.h
)
