# SPDX-License-Identifier: GPL-3.0-or-later
# The client (specs, adapters, ApiClient) against the embedded sandbox over loopback.
tokendesk_add_test(tst_ApiIntegration SOURCES integration/tst_ApiIntegration.cpp LABELS integration
                   LIBS tokendesk_sandbox TIMEOUT 300)
