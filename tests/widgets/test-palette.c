/* test-palette.c — state colours, heights and patterns.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "vms-palette.h"

static double
contrast (const VmsColor *a, const VmsColor *b)
{
  double la = vms_color_luminance (a) + 0.05, lb = vms_color_luminance (b) + 0.05;

  return la > lb ? la / lb : lb / la;
}

/* In greyscale, states of a row kind differ by bar height or fill pattern. */
static void
test_greyscale_distinct (void **state)
{
  for (VmsLegendGroup kind = VMS_LEGEND_VCPU; kind <= VMS_LEGEND_CPU; kind++)
    {
      const VmsDrawState *states = vms_legend_group_get_states (kind);
      const VmsPalette *p = vms_palette_get (VMS_PALETTE_DEFAULT, FALSE);

      for (guint i = 0; states[i] != VMS_DRAW_NONE; i++)
        for (guint j = i + 1; states[j] != VMS_DRAW_NONE; j++)
          {
            const VmsStateStyle *a = &p->states[states[i]], *b = &p->states[states[j]];

            assert_true (a->height != b->height || a->fill != b->fill);
          }
    }
}

/* Every bar is visible on its background, in all four palettes; the states that
 * matter most (preempted, hypervisor) stand out clearly. */
static void
test_contrast (void **state)
{
  for (VmsPaletteKind k = VMS_PALETTE_DEFAULT; k <= VMS_PALETTE_COLORBLIND; k++)
    for (int dark = 0; dark <= 1; dark++)
      {
        const VmsPalette *p = vms_palette_get (k, dark);

        assert_true (contrast (&p->foreground, &p->background) >= 7);
        for (VmsDrawState s = VMS_DRAW_UNKNOWN; s < VMS_DRAW_N_STATES; s++)
          {
            assert_true (p->states[s].height > 0 && p->states[s].height <= 1);
            assert_true (contrast (&p->states[s].color, &p->background) >= 1.2);
          }
        assert_true (contrast (&p->states[VMS_DRAW_VCPU_PREEMPTED].color, &p->background) >= 3);
        assert_true (contrast (&p->states[VMS_DRAW_VCPU_HYPERVISOR].color, &p->background)
                     >= (k == VMS_PALETTE_COLORBLIND && !dark ? 1.9 : 3));
      }
}

/* Within a row kind no two states share a colour. */
static void
test_hues_distinct (void **state)
{
  for (VmsPaletteKind k = VMS_PALETTE_DEFAULT; k <= VMS_PALETTE_COLORBLIND; k++)
    for (int dark = 0; dark <= 1; dark++)
      for (VmsLegendGroup kind = VMS_LEGEND_VCPU; kind <= VMS_LEGEND_CPU; kind++)
        {
          const VmsPalette *p = vms_palette_get (k, dark);
          const VmsDrawState *states = vms_legend_group_get_states (kind);

          for (guint i = 0; states[i] != VMS_DRAW_NONE; i++)
            for (guint j = i + 1; states[j] != VMS_DRAW_NONE; j++)
              {
                const VmsColor *a = &p->states[states[i]].color, *b = &p->states[states[j]].color;
                double d
                  = fabs (a->red - b->red) + fabs (a->green - b->green) + fabs (a->blue - b->blue);

                assert_true (d > 0.15);
              }
        }
}

static void
test_names (void **state)
{
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_VCPU_PREEMPTED), "Preempted");
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_THREAD_APPEARED), "Appeared to run");
  for (VmsDrawState s = VMS_DRAW_UNKNOWN; s < VMS_DRAW_N_STATES; s++)
    assert_true (*vms_draw_state_get_name (s) != '\0');
}

/* The nicks are those of the GSettings enum, so settings bind to "palette" directly. */
static void
test_enum_nicks (void **state)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (VMS_TYPE_PALETTE_KIND);

  assert_int_equal (g_enum_get_value_by_nick (klass, "default")->value, VMS_PALETTE_DEFAULT);
  assert_int_equal (g_enum_get_value_by_nick (klass, "colorblind")->value, VMS_PALETTE_COLORBLIND);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_greyscale_distinct), cmocka_unit_test (test_contrast),
    cmocka_unit_test (test_hues_distinct),      cmocka_unit_test (test_names),
    cmocka_unit_test (test_enum_nicks),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
