// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyFormats.h"

// Placeholder: being implemented.
