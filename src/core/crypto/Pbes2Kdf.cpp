// SPDX-License-Identifier: GPL-3.0-or-later
#include "Pbes2Kdf.h"
