# SPDX-License-Identifier: GPL-3.0-or-later
# Sessions: every issued token tracked until closed, with expiry and automatic renewal (issue 5).
target_sources(tokendesk_core PRIVATE
    session/ExpiryScheduler.cpp session/ExpiryScheduler.h
    session/RenewPolicy.cpp session/RenewPolicy.h
    session/Session.cpp session/Session.h
    session/SessionFile.cpp session/SessionFile.h
    session/SessionJson.cpp session/SessionJson.h
    session/SessionPersistence.cpp session/SessionPersistence.h
    session/SessionRenewer.cpp session/SessionRenewer.h
    session/SessionRetry.cpp session/SessionRetry.h
    session/SessionState.cpp session/SessionState.h
    session/SessionStore.cpp session/SessionStore.h
    session/TestClockHook.cpp session/TestClockHook.h
)
