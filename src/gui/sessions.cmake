# SPDX-License-Identifier: GPL-3.0-or-later
# The Sessions page: every issued token with a live countdown and its renewals (issue 5;
# included by src/gui/CMakeLists.txt).
target_sources(tokendesk_gui PRIVATE
    sessions/RemainingDelegate.cpp sessions/RemainingDelegate.h
    sessions/SessionFilterModel.cpp sessions/SessionFilterModel.h
    sessions/SessionsPage.cpp sessions/SessionsPage.h
    ${PROJECT_SOURCE_DIR}/ui/SessionsPage.ui
)
