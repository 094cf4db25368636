/* vms-label-fit.h — fitting text into a width: pure logic, tested without a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The width of a text is asked of a callback: Pango on screen and in files, a fixed
 * advance per character in tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The width in pixels of text (UTF-8) as it will be drawn. */
typedef double (*VmsTextWidthFunc) (const char *text, gpointer user_data);

/* name followed by suffix (e.g. "qemu-system-x86" and " (4242)"), shortened to fit
 * max_width: the name is cut at a character boundary and ends in "…" while the suffix
 * stays whole; when even "…" plus the suffix does not fit, the suffix is cut the same
 * way.  Returns "" when not even "…" fits.  suffix may be NULL. */
char *vms_label_fit (const char *name,
                     const char *suffix,
                     double max_width,
                     VmsTextWidthFunc measure,
                     gpointer user_data);

G_END_DECLS
