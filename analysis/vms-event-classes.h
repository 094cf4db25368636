/* vms-event-classes.h — LTTng event classes resolved once into VmsEvent converters.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The first time a graph meets an event class, its name is mapped to a VmsEventKind (folding
 * the name variants of lttng-modules 2.0 to 2.13, see ../shared/reference/lttng-events.md)
 * and the payload members the kind needs are looked up by name once; each event is then
 * converted by member index.
 */
#pragma once

#include <babeltrace2/babeltrace.h>

#include "vms-reader-private.h"

G_BEGIN_DECLS

#define VMS_EC_MAX_REFS 6

typedef struct {
  gint16 member; /* payload member index, -1 when absent */
  guint8 type;   /* VmsFieldType (private) */
  guint8 slot;   /* where it goes in the VmsEvent */
} VmsFieldRef;

typedef struct {
  VmsEventKind kind; /* VMS_EV_NONE: counted, not delivered */
  guint32 x;         /* preset x (syscall name) */
  gint32 i[4];       /* preset i[] (-1 defaults) */
  guint n_refs;
  VmsFieldRef refs[VMS_EC_MAX_REFS];
  /* net_dev_queue / net_if_receive_skb 2.9+: network_header variant -> ipv4/ipv6 struct ->
   * transport_header variant -> tcp struct.  Index 0 is ipv4, 1 ipv6. */
  gboolean net_variant;
  gint16 nh_member;
  gint16 nh_option[2];
  gint16 th_member[2];
  gint16 tcp_option[2];
  gint16 tcp_seq[2], tcp_ack[2], tcp_flags[2];
} VmsEventClassInfo;

/* A per-thread cache in front of the shared string table. */
typedef struct {
  VmsStringTable *table;
  GHashTable *map; /* string (owned by the table) -> id */
} VmsInternCache;

void vms_intern_cache_init (VmsInternCache *cache, VmsStringTable *table);
void vms_intern_cache_clear (VmsInternCache *cache);
guint32 vms_intern_cache_intern (VmsInternCache *cache, const char *str);

/* The converter for events of the class named @name with payload @payload_fc (nullable). */
void vms_event_class_resolve (const char *name,
                              const bt_field_class *payload_fc,
                              VmsStringTable *strings,
                              VmsEventClassInfo *out);

/* Fills @ev (its ts and cpu already set) from @event; returns FALSE when the event is not to
 * be delivered (unknown kind, or a network packet that is not TCP). */
gboolean vms_event_class_convert (const VmsEventClassInfo *info,
                                  const bt_event *event,
                                  VmsInternCache *cache,
                                  VmsEvent *ev);

G_END_DECLS
