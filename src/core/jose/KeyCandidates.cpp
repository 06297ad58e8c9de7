// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyCandidates.h"

// Placeholder: being implemented.
