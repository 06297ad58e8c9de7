# SPDX-License-Identifier: GPL-3.0-or-later
# The client (specs, adapters, ApiClient) against the embedded sandbox over loopback.
tokendesk_add_test(tst_ApiIntegration SOURCES integration/tst_ApiIntegration.cpp LABELS integration
                   LIBS tokendesk_sandbox TIMEOUT 300)
# The sandbox serves user families from their specs (GenericFamilyService): tokendesk-cli flow against
# tokendesk-sandbox --specs as child processes, and hostile requests over loopback.
tokendesk_add_test(tst_SandboxUserFamily SOURCES integration/tst_SandboxUserFamily.cpp LABELS integration
                   LIBS tokendesk_workspace TIMEOUT 180)
