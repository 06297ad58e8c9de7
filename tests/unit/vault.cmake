# SPDX-License-Identifier: GPL-3.0-or-later
# The vault: file format, entries, and the Vault itself (with its crash-safety helper).
tokendesk_add_test(tst_VaultFormat SOURCES unit/tst_VaultFormat.cpp LABELS unit)
tokendesk_add_test(tst_VaultEntry SOURCES unit/tst_VaultEntry.cpp LABELS unit)

# Saves a vault in a loop until tst_Vault kills it.
add_executable(vault_crash_writer unit/vault_crash_writer.cpp)
target_link_libraries(vault_crash_writer PRIVATE tokendesk_core tokendesk_options)

# Opens a vault once and adds entries, saving after each, beside another one doing the same.
add_executable(vault_add_writer unit/vault_add_writer.cpp)
target_link_libraries(vault_add_writer PRIVATE tokendesk_core tokendesk_options)

tokendesk_add_test(tst_Vault SOURCES unit/tst_Vault.cpp LABELS unit TIMEOUT 300)
target_compile_definitions(tst_Vault PRIVATE TOKENDESK_VAULT_CRASH_WRITER="$<TARGET_FILE:vault_crash_writer>"
                                             TOKENDESK_VAULT_ADD_WRITER="$<TARGET_FILE:vault_add_writer>")
add_dependencies(tst_Vault vault_crash_writer vault_add_writer)
# The lock between processes over one data file (vault, sessions file).
tokendesk_add_test(tst_FileLock SOURCES unit/tst_FileLock.cpp LABELS unit TIMEOUT 60)
tokendesk_add_test(tst_VaultReference SOURCES unit/tst_VaultReference.cpp LABELS unit)
