# SPDX-License-Identifier: GPL-3.0-or-later
# Sessions (issue 5): the store as a model, the scheduler's state machine on a fake clock.
tokendesk_add_test(tst_SessionStore SOURCES unit/tst_SessionStore.cpp LABELS unit TIMEOUT 60)
tokendesk_add_test(tst_ExpiryScheduler SOURCES unit/tst_ExpiryScheduler.cpp LABELS unit LIBS tokendesk_sandbox TIMEOUT 180)
# Persistence: the sealed sessions file, restore rules, two processes on one file.
tokendesk_add_test(tst_SessionPersistence SOURCES unit/tst_SessionPersistence.cpp LABELS unit TIMEOUT 60)
# The renew policy: half-lifetime floor, minimum interval, per-host budget, stop on no later expiry.
tokendesk_add_test(tst_RenewPolicy SOURCES unit/tst_RenewPolicy.cpp LABELS unit)
