# SPDX-License-Identifier: GPL-3.0-or-later
# Sessions (issue 5): auto-renew against the sandbox's short lifetimes, on a fake clock the test moves.
tokendesk_add_test(tst_SessionRenewal SOURCES integration/tst_SessionRenewal.cpp LABELS integration
                   LIBS tokendesk_sandbox TIMEOUT 120)
# One renew-and-retry on HTTP 401 (SessionRetry) against the sandbox on a fake clock.
tokendesk_add_test(tst_SessionRetry SOURCES integration/tst_SessionRetry.cpp LABELS integration
                   LIBS tokendesk_sandbox TIMEOUT 180)
# The kept sandbox: keys, port and tokens survive a restart; unknown token vs terminated.
tokendesk_add_test(tst_SandboxKept SOURCES integration/tst_SandboxKept.cpp LABELS integration
                   LIBS tokendesk_sandbox TIMEOUT 120)
# The one recording path (ExchangeRecorder) on a real Workspace and its embedded sandbox.
tokendesk_add_test(tst_ExchangeRecorder SOURCES integration/tst_ExchangeRecorder.cpp LABELS integration
                   LIBS tokendesk_workspace TIMEOUT 120)
# Why a call failed: each explanation driven against the sandbox with the configuration that causes it.
tokendesk_add_test(tst_FailureExplainer SOURCES integration/tst_FailureExplainer.cpp LABELS integration
                   LIBS tokendesk_sandbox TIMEOUT 120)
# A user-defined family (tests/data/specs/globex) on a Workspace: issue, session, auto-renew
# through its refresh spec on a fake clock, a refused refresh, the folder read again on a change.
tokendesk_add_test(tst_UserFamilyRenewal SOURCES integration/tst_UserFamilyRenewal.cpp unit/HostileServer.cpp
                   unit/HostileServer.h LABELS integration LIBS tokendesk_workspace TIMEOUT 120)
# The spec folder watcher over real folders: a folder made after the start is picked up, other
# changes in its parent are not (issue 13).
tokendesk_add_test(tst_SpecFolderWatcher SOURCES unit/tst_SpecFolderWatcher.cpp LABELS unit
                   LIBS tokendesk_workspace TIMEOUT 60)
