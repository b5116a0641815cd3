/* SPDX-License-Identifier: GPL-3.0-or-later */
/* service.c: issue 3, being written. */
#include "internal.h"
