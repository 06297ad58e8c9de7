// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenInspector.h"

// Placeholder: being implemented.
