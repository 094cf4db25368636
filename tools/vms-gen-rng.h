/* vms-gen-rng.h: the generator's deterministic random numbers (xoshiro256**)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* xoshiro256** seeded through splitmix64: the same seed gives the same stream on every
 * platform, unlike rand(). Each simulated machine owns its own stream so that adding
 * events to one does not reshuffle the others. */
typedef struct {
  guint64 s[4];
} VmsRng;

static inline guint64
vms_splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
vms_rng_init (VmsRng *rng, guint64 seed)
{
  for (guint i = 0; i < 4; i++)
    rng->s[i] = vms_splitmix64 (&seed);
}

static inline guint64
vms_rng_rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
vms_rng_next (VmsRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = vms_rng_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = vms_rng_rotl (s[3], 45);
  return result;
}

/* Uniform in [lo, hi] (inclusive). */
static inline guint64
vms_rng_range (VmsRng *rng, guint64 lo, guint64 hi)
{
  if (hi <= lo)
    return lo;
  return lo + vms_rng_next (rng) % (hi - lo + 1);
}

/* Uniform in [0, 1). */
static inline double
vms_rng_double (VmsRng *rng)
{
  return (double) (vms_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static inline gboolean
vms_rng_chance (VmsRng *rng, double p)
{
  return vms_rng_double (rng) < p;
}

/* Exponentially distributed with the given mean, clamped to [lo, hi]. */
static inline guint64
vms_rng_exp (VmsRng *rng, double mean, guint64 lo, guint64 hi)
{
  double v = -log (1.0 - vms_rng_double (rng)) * mean;

  if (v < (double) lo)
    return lo;
  if (v > (double) hi)
    return hi;
  return (guint64) v;
}

G_END_DECLS
