/* vms-gui-lsan.h — for a GUI test that takes GLib past 2048 quarks (a loaded timeline, the
 * panels and the Preferences or a second window): GLib then drops, on purpose, its first block
 * of quarks, allocated by its library constructor.  A full stack (slow unwinding on malloc)
 * shows that constructor under _dl_init, which is suppressed; vmscope has no constructor, so
 * no leak of ours can hide there.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Include it in one file of a test executable.  ASAN_OPTIONS and LSAN_OPTIONS in the
 * environment still apply: these are only defaults the sanitizers ask the program for.
 */
#pragma once

const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:_dl_init\n";
}
