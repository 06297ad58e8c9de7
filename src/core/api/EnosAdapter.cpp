// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnosAdapter.h"

// Nothing of its own: see EnosAdapter.h.
