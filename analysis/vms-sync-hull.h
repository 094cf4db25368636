/* vms-sync-hull.h — the fully incremental convex hull for one pair of clocks.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two machines R (reference) and O (other) timestamp with their own clocks. We look for the
 * line t_O = alpha × t_R + beta. Every matched message is a point (x on R's clock, y on O's):
 *
 *  - a message R → O gives (send_R, recv_O): it lies ABOVE the true line (an "upper" point);
 *  - a message O → R gives (recv_R, send_O): it lies BELOW the true line (a "lower" point).
 *
 * VmsSyncHull keeps the lower convex hull of the upper points and the upper convex hull of the
 * lower points (sorted arrays; a point in increasing x is appended in amortized O(1), a point out
 * of order is inserted by binary search), and the two extreme separating lines: the steepest
 * (alpha_max, beta_min) and the flattest (alpha_min, beta_max), each stored exactly as the two
 * integer points it passes through. A new point that lies on the right side of both extreme
 * lines cannot move them (O(1) check); one that crosses a line tightens it, and the new line
 * passes through that point (the incremental LP argument), found in one pass over the hulls.
 * All geometry is in integer nanoseconds relative to the first point, with 128-bit cross
 * products: exact for any real timestamps.
 *
 * The estimate is the bisector of the two extreme lines (their pointwise mean). It is kept as a
 * VmsSyncLine relative to an origin, so that applying it to ~1.7e18 ns timestamps stays within a
 * fraction of a nanosecond of the exact line over days.
 *
 * Pure computation, no I/O, no locking: one hull per pair, fed from one thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VmsSyncQuality:
 * @VMS_SYNC_QUALITY_ABSENT: no match at all: the machine keeps its own clock
 * @VMS_SYNC_QUALITY_INCOMPLETE: messages in one direction only: only one bound exists; the
 *   estimate assumes no drift (alpha 1) and the tightest offset the messages allow
 * @VMS_SYNC_QUALITY_APPROXIMATE: both directions, but one of the two extreme lines is not
 *   pinned (e.g. every message one way precedes every message the other way), or one direction
 *   has a single point (its hull is one vertex): alpha is 1 clamped into the known range, beta
 *   the middle of the range allowed at that alpha
 * @VMS_SYNC_QUALITY_ACCURATE: both extreme lines exist (alpha_min <= alpha_max) and both hulls
 *   have two vertices or more; the estimate is their bisector. Equal bounds (one line fits
 *   exactly) are accurate with accuracy 0.
 * @VMS_SYNC_QUALITY_FAIL: the bounds crossed: no line respects every message (clock jump, wrong
 *   match, migration). The formula is the last good estimate before the crossing.
 * @VMS_SYNC_QUALITY_MANUAL: set by hand (an offset given by the user), not from messages
 * @VMS_SYNC_QUALITY_REFERENCE: the reference machine itself (alpha 1, beta 0)
 */
typedef enum {
  VMS_SYNC_QUALITY_ABSENT,
  VMS_SYNC_QUALITY_INCOMPLETE,
  VMS_SYNC_QUALITY_APPROXIMATE,
  VMS_SYNC_QUALITY_ACCURATE,
  VMS_SYNC_QUALITY_FAIL,
  VMS_SYNC_QUALITY_MANUAL,
  VMS_SYNC_QUALITY_REFERENCE,
} VmsSyncQuality;

/* "absent", "incomplete", "approximate", "accurate", "fail", "manual", "reference" */
const char *vms_sync_quality_to_string (VmsSyncQuality quality);

/**
 * VmsSyncLine:
 * @x0: origin on the reference clock (ns)
 * @y0: origin on the other clock (ns)
 * @delta: alpha − 1 (clock drift; 50 ppm is 5e-5)
 * @b: offset at the origin in ns (fractional)
 *
 * The line y = y0 + (x − x0) × (1 + delta) + b, i.e. t_O = alpha × t_R + beta with
 * alpha = 1 + delta and beta = y0 + b − alpha × x0. Kept relative to an origin so that huge
 * epoch timestamps lose no precision: applying it is exact to well under 1 ns for |x − x0| up
 * to several days.
 */
typedef struct {
  gint64 x0;
  gint64 y0;
  double delta;
  double b;
} VmsSyncLine;

void vms_sync_line_init_identity (VmsSyncLine *line);
/* y = x + offset_ns */
void vms_sync_line_init_offset (VmsSyncLine *line, gint64 offset_ns);
/* y for x, rounded to the nearest ns. */
gint64 vms_sync_line_apply (const VmsSyncLine *line, gint64 x);
/* y − line(x) in ns, as a double (positive: the point lies above the line). */
double vms_sync_line_distance (const VmsSyncLine *line, gint64 x, gint64 y);
/* @out: x as a function of y. */
void vms_sync_line_invert (const VmsSyncLine *line, VmsSyncLine *out);
/* @out = outer ∘ inner: z = outer (inner (x)). @out may alias either argument. */
void vms_sync_line_compose (const VmsSyncLine *outer, const VmsSyncLine *inner, VmsSyncLine *out);
double vms_sync_line_get_alpha (const VmsSyncLine *line);
/* beta in absolute ns; a double near 1e14 only holds ~0.02 ns: prefer the line itself. */
double vms_sync_line_get_beta (const VmsSyncLine *line);

typedef struct _VmsSyncHull VmsSyncHull;

VmsSyncHull *vms_sync_hull_new (void);
void vms_sync_hull_free (VmsSyncHull *self);

/* Adds one message. Upper: R → O, (send_R, recv_O). Lower: O → R, (recv_R, send_O).
 * Returns TRUE when the point tightened (or first pinned) a bound. A point further than
 * ~73 years from the first one is ignored (returns FALSE and is not counted). */
gboolean vms_sync_hull_add_upper (VmsSyncHull *self, gint64 x, gint64 y);
gboolean vms_sync_hull_add_lower (VmsSyncHull *self, gint64 x, gint64 y);

VmsSyncQuality vms_sync_hull_get_quality (VmsSyncHull *self);
/* The estimate (the last good one when failed). FALSE, with the identity, when absent. */
gboolean vms_sync_hull_get_line (VmsSyncHull *self, VmsSyncLine *line);
/* alpha_max − alpha_min; INFINITY when a bound is missing (absent, incomplete, most
 * approximate); for fail, the accuracy of the last good estimate. */
double vms_sync_hull_get_accuracy (VmsSyncHull *self);
/* The extreme lines: FALSE when that bound does not exist (or after a failure). */
gboolean vms_sync_hull_get_max_line (VmsSyncHull *self, VmsSyncLine *line);
gboolean vms_sync_hull_get_min_line (VmsSyncHull *self, VmsSyncLine *line);

guint64 vms_sync_hull_get_n_matches (VmsSyncHull *self);    /* points added (both directions) */
guint64 vms_sync_hull_get_n_tightening (VmsSyncHull *self); /* points that moved a bound */
guint64 vms_sync_hull_get_n_upper (VmsSyncHull *self);
guint64 vms_sync_hull_get_n_lower (VmsSyncHull *self);
/* Vertices currently kept (both hulls): the memory of the hull. */
guint vms_sync_hull_get_size (VmsSyncHull *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsSyncHull, vms_sync_hull_free)

G_END_DECLS
