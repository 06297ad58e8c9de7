# SPDX-License-Identifier: GPL-3.0-or-later
# Sessions (issue 5): the store as a model, the scheduler's state machine on a fake clock.
tokendesk_add_test(tst_SessionStore SOURCES unit/tst_SessionStore.cpp LABELS unit TIMEOUT 60)
tokendesk_add_test(tst_ExpiryScheduler SOURCES unit/tst_ExpiryScheduler.cpp LABELS unit LIBS tokendesk_sandbox TIMEOUT 180)
# Persistence: the sealed sessions file, restore rules, two processes on one file.
# Adds sessions to a sessions file, saving after each, beside another one doing the same.
add_executable(sessions_writer unit/sessions_writer.cpp)
target_link_libraries(sessions_writer PRIVATE tokendesk_core tokendesk_options)
tokendesk_add_test(tst_SessionPersistence SOURCES unit/tst_SessionPersistence.cpp LABELS unit TIMEOUT 120)
target_compile_definitions(tst_SessionPersistence PRIVATE TOKENDESK_SESSIONS_WRITER="$<TARGET_FILE:sessions_writer>")
add_dependencies(tst_SessionPersistence sessions_writer)
# The renew policy: half-lifetime floor, minimum interval, per-host budget, stop on no later expiry.
tokendesk_add_test(tst_RenewPolicy SOURCES unit/tst_RenewPolicy.cpp LABELS unit)
# The CLI's test-only clock hook (TOKENDESK_TEST_CLOCK_FILE): off without the variable, ticks on a change.
tokendesk_add_test(tst_TestClockHook SOURCES unit/tst_TestClockHook.cpp LABELS unit TIMEOUT 60)
