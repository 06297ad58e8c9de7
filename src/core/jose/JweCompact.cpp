// SPDX-License-Identifier: GPL-3.0-or-later
#include "JweCompact.h"

// Placeholder: being implemented.
