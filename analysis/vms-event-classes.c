/* vms-event-classes.c — mapping LTTng event classes to VmsEventKinds and fields, once.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-event-classes.h"

typedef enum {
  FIELD_NONE,
  FIELD_UNSIGNED,
  FIELD_SIGNED,
  FIELD_STRING,
} VmsFieldType;

typedef enum {
  SLOT_X,  /* x: string id, or integer */
  SLOT_I0, /* i[0..3] */
  SLOT_I1,
  SLOT_I2,
  SLOT_I3,
  SLOT_Q0, /* 64-bit at the start of the union (sync.cnt, hc.a0) */
  SLOT_Q1, /* 64-bit in the second half (w.l, sync.vm_uid, hc.a1) */
} VmsSlot;

typedef struct {
  VmsSlot slot;
  const char *names; /* "tid|pid": the first present wins */
} FieldSpec;

typedef struct {
  const char *name;
  VmsEventKind kind;
  FieldSpec fields[VMS_EC_MAX_REFS];
  gint32 i_default[4];
} ClassSpec;

#define COMM_TID      \
  { SLOT_X, "comm" }, \
  {                   \
    SLOT_I0, "tid"    \
  }
#define PAGE_FIELDS       \
  {                       \
    { SLOT_I0, "order" }, \
    {                     \
      SLOT_Q1, "pfn|page" \
    }                     \
  }
#define SYNC_FIELDS     \
  {                     \
    { SLOT_Q0, "cnt" }, \
    {                   \
      SLOT_Q1, "vm_uid" \
    }                   \
  }
#define TCP_FIELDS                              \
  {                                             \
    { SLOT_I0, "seq" }, { SLOT_I1, "ack_seq" }, \
    {                                           \
      SLOT_I2, "flags"                          \
    }                                           \
  }

static const ClassSpec specs[] = {
  { "sched_switch",
    VMS_EV_SCHED_SWITCH,
    { { SLOT_X, "prev_comm" },
      { SLOT_I0, "prev_tid" },
      { SLOT_I1, "next_tid" },
      { SLOT_I2, "prev_state" },
      { SLOT_I3, "next_comm" } } },
  { "sched_wakeup",
    VMS_EV_SCHED_WAKEUP,
    { COMM_TID, { SLOT_I1, "target_cpu" }, { SLOT_I2, "prio" } } },
  { "sched_wakeup_new",
    VMS_EV_SCHED_WAKEUP_NEW,
    { COMM_TID, { SLOT_I1, "target_cpu" }, { SLOT_I2, "prio" } } },
  { "sched_waking",
    VMS_EV_SCHED_WAKING,
    { COMM_TID, { SLOT_I1, "target_cpu" }, { SLOT_I2, "prio" } } },
  { "sched_migrate_task",
    VMS_EV_SCHED_MIGRATE_TASK,
    { COMM_TID, { SLOT_I1, "orig_cpu" }, { SLOT_I2, "dest_cpu" } } },
  { "sched_process_fork",
    VMS_EV_PROCESS_FORK,
    { { SLOT_X, "child_comm" },
      { SLOT_I0, "parent_tid" },
      { SLOT_I1, "parent_pid" },
      { SLOT_I2, "child_tid" },
      { SLOT_I3, "child_pid" } },
    { 0, -1, 0, -1 } },
  { "sched_process_exec",
    VMS_EV_PROCESS_EXEC,
    { { SLOT_X, "filename" }, { SLOT_I0, "tid|pid" }, { SLOT_I1, "old_tid|old_pid" } } },
  { "sched_process_exit", VMS_EV_PROCESS_EXIT, { COMM_TID } },
  { "sched_process_free", VMS_EV_PROCESS_FREE, { COMM_TID } },
  { "lttng_statedump_process_state",
    VMS_EV_STATEDUMP_PROCESS,
    { { SLOT_X, "name" },
      { SLOT_I0, "tid" },
      { SLOT_I1, "pid" },
      { SLOT_I2, "ppid" },
      { SLOT_I3, "status" } } },
  { "irq_handler_entry", VMS_EV_IRQ_ENTRY, { { SLOT_X, "name" }, { SLOT_I0, "irq" } } },
  { "irq_handler_exit", VMS_EV_IRQ_EXIT, { { SLOT_I0, "irq" }, { SLOT_I1, "ret" } } },
  { "irq_softirq_entry", VMS_EV_SOFTIRQ_ENTRY, { { SLOT_I0, "vec" } } },
  { "softirq_entry", VMS_EV_SOFTIRQ_ENTRY, { { SLOT_I0, "vec" } } },
  { "irq_softirq_exit", VMS_EV_SOFTIRQ_EXIT, { { SLOT_I0, "vec" } } },
  { "softirq_exit", VMS_EV_SOFTIRQ_EXIT, { { SLOT_I0, "vec" } } },
  { "irq_softirq_raise", VMS_EV_SOFTIRQ_RAISE, { { SLOT_I0, "vec" } } },
  { "softirq_raise", VMS_EV_SOFTIRQ_RAISE, { { SLOT_I0, "vec" } } },
  { "kmem_mm_page_alloc", VMS_EV_PAGE_ALLOC, PAGE_FIELDS },
  { "mm_page_alloc", VMS_EV_PAGE_ALLOC, PAGE_FIELDS },
  { "kmem_mm_page_free", VMS_EV_PAGE_FREE, PAGE_FIELDS },
  { "mm_page_free", VMS_EV_PAGE_FREE, PAGE_FIELDS },
  { "kmem_mm_page_free_batched", VMS_EV_PAGE_FREE_BATCHED, { { SLOT_Q1, "pfn|page" } } },
  { "mm_page_free_batched", VMS_EV_PAGE_FREE_BATCHED, { { SLOT_Q1, "pfn|page" } } },
  { "kvm_x86_entry", VMS_EV_KVM_ENTRY, { { SLOT_I0, "vcpu_id" } } },
  { "kvm_entry", VMS_EV_KVM_ENTRY, { { SLOT_I0, "vcpu_id" } } },
  { "kvm_x86_exit",
    VMS_EV_KVM_EXIT,
    { { SLOT_I0, "exit_reason" }, { SLOT_I1, "isa" }, { SLOT_I2, "vcpu_id" } },
    { 0, 0, -1, 0 } },
  { "kvm_exit",
    VMS_EV_KVM_EXIT,
    { { SLOT_I0, "exit_reason" }, { SLOT_I1, "isa" }, { SLOT_I2, "vcpu_id" } },
    { 0, 0, -1, 0 } },
  { "kvm_x86_hypercall",
    VMS_EV_KVM_HYPERCALL,
    { { SLOT_X, "nr" }, { SLOT_Q0, "a0" }, { SLOT_Q1, "a1" } } },
  { "kvm_hypercall",
    VMS_EV_KVM_HYPERCALL,
    { { SLOT_X, "nr" }, { SLOT_Q0, "a0" }, { SLOT_Q1, "a1" } } },
  { "kvm_userspace_exit",
    VMS_EV_KVM_USERSPACE_EXIT,
    { { SLOT_I0, "reason" }, { SLOT_I1, "errno" } } },
  { "vmsync_gh_guest", VMS_EV_VMSYNC_GH_GUEST, SYNC_FIELDS },
  { "vmsync_gh_host", VMS_EV_VMSYNC_GH_HOST, SYNC_FIELDS },
  { "vmsync_hg_host", VMS_EV_VMSYNC_HG_HOST, SYNC_FIELDS },
  { "vmsync_hg_guest", VMS_EV_VMSYNC_HG_GUEST, SYNC_FIELDS },
  { "inet_sock_local_out", VMS_EV_NET_SEND, TCP_FIELDS },
  { "inet_sock_local_in", VMS_EV_NET_RECV, TCP_FIELDS },
  { "exit_syscall", VMS_EV_SYSCALL_EXIT, { { SLOT_I0, "ret" } } },
};

void
vms_intern_cache_init (VmsInternCache *cache, VmsStringTable *table)
{
  cache->table = table;
  cache->map = g_hash_table_new (g_str_hash, g_str_equal);
}

void
vms_intern_cache_clear (VmsInternCache *cache)
{
  g_clear_pointer (&cache->map, g_hash_table_unref);
}

guint32
vms_intern_cache_intern (VmsInternCache *cache, const char *str)
{
  gpointer value;
  guint32 id;

  if (str == NULL || *str == '\0')
    return 0;
  if (g_hash_table_lookup_extended (cache->map, str, NULL, &value))
    return GPOINTER_TO_UINT (value);
  id = vms_string_table_intern (cache->table, str);
  if (g_hash_table_size (cache->map) > 65536)
    g_hash_table_remove_all (cache->map);
  g_hash_table_insert (cache->map, (gpointer) vms_string_table_lookup (cache->table, id),
                       GUINT_TO_POINTER (id));
  return id;
}

static VmsFieldType
field_type_of (const bt_field_class *fc)
{
  bt_field_class_type type = bt_field_class_get_type (fc);

  if (bt_field_class_type_is (type, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
    return FIELD_UNSIGNED;
  if (bt_field_class_type_is (type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
    return FIELD_SIGNED;
  if (type == BT_FIELD_CLASS_TYPE_STRING)
    return FIELD_STRING;
  return FIELD_NONE;
}

/* Member index of @name in a structure field class (babeltrace2 already stripped one
 * leading underscore; also accept names with more), or -1. */
static gint16
member_index (const bt_field_class *struct_fc, const char *name, const bt_field_class **out_fc)
{
  guint64 n;

  if (struct_fc == NULL || bt_field_class_get_type (struct_fc) != BT_FIELD_CLASS_TYPE_STRUCTURE)
    return -1;
  n = bt_field_class_structure_get_member_count (struct_fc);
  for (int pass = 0; pass < 2; pass++)
    for (guint64 i = 0; i < n && i < G_MAXINT16; i++)
      {
        const bt_field_class_structure_member *m
          = bt_field_class_structure_borrow_member_by_index_const (struct_fc, i);
        const char *mname = bt_field_class_structure_member_get_name (m);

        if (pass == 1)
          while (*mname == '_')
            mname++;
        if (strcmp (mname, name) == 0)
          {
            if (out_fc != NULL)
              *out_fc = bt_field_class_structure_member_borrow_field_class_const (m);
            return (gint16) i;
          }
      }
  return -1;
}

static gint16
variant_option (const bt_field_class *variant_fc, const char *name, const bt_field_class **out_fc)
{
  guint64 n;

  if (variant_fc == NULL
      || !bt_field_class_type_is (bt_field_class_get_type (variant_fc),
                                  BT_FIELD_CLASS_TYPE_VARIANT))
    return -1;
  n = bt_field_class_variant_get_option_count (variant_fc);
  for (guint64 i = 0; i < n && i < G_MAXINT16; i++)
    {
      const bt_field_class_variant_option *opt
        = bt_field_class_variant_borrow_option_by_index_const (variant_fc, i);
      const char *oname = bt_field_class_variant_option_get_name (opt);

      while (oname != NULL && *oname == '_')
        oname++;
      if (oname != NULL && strcmp (oname, name) == 0)
        {
          *out_fc = bt_field_class_variant_option_borrow_field_class_const (opt);
          return (gint16) i;
        }
    }
  return -1;
}

static void
add_ref (VmsEventClassInfo *out, const bt_field_class *payload_fc, VmsSlot slot, const char *names)
{
  g_auto (GStrv) alternatives = g_strsplit (names, "|", -1);

  for (guint a = 0; alternatives[a] != NULL; a++)
    {
      const bt_field_class *fc = NULL;
      gint16 idx = member_index (payload_fc, alternatives[a], &fc);

      if (idx >= 0 && field_type_of (fc) != FIELD_NONE && out->n_refs < VMS_EC_MAX_REFS)
        {
          out->refs[out->n_refs].member = idx;
          out->refs[out->n_refs].type = field_type_of (fc);
          out->refs[out->n_refs].slot = slot;
          out->n_refs++;
          return;
        }
    }
}

static void
resolve_net_variant (VmsEventClassInfo *out, const bt_field_class *payload_fc)
{
  const bt_field_class *nh_fc = NULL;
  static const char *const l3[2] = { "ipv4", "ipv6" };

  out->nh_member = member_index (payload_fc, "network_header", &nh_fc);
  if (out->nh_member < 0)
    return;
  for (guint v = 0; v < 2; v++)
    {
      const bt_field_class *l3_fc = NULL, *th_fc = NULL, *tcp_fc = NULL;

      out->nh_option[v] = variant_option (nh_fc, l3[v], &l3_fc);
      out->th_member[v]
        = out->nh_option[v] >= 0 ? member_index (l3_fc, "transport_header", &th_fc) : -1;
      out->tcp_option[v] = out->th_member[v] >= 0 ? variant_option (th_fc, "tcp", &tcp_fc) : -1;
      out->tcp_seq[v] = out->tcp_option[v] >= 0 ? member_index (tcp_fc, "seq", NULL) : -1;
      out->tcp_ack[v] = out->tcp_option[v] >= 0 ? member_index (tcp_fc, "ack_seq", NULL) : -1;
      out->tcp_flags[v] = out->tcp_option[v] >= 0 ? member_index (tcp_fc, "flags", NULL) : -1;
      if (out->tcp_seq[v] >= 0 && out->tcp_ack[v] >= 0 && out->tcp_flags[v] >= 0)
        out->net_variant = TRUE;
    }
}

void
vms_event_class_resolve (const char *name,
                         const bt_field_class *payload_fc,
                         VmsStringTable *strings,
                         VmsEventClassInfo *out)
{
  memset (out, 0, sizeof *out);
  out->kind = VMS_EV_NONE;
  out->nh_member = -1;
  if (name == NULL)
    return;

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    if (strcmp (specs[s].name, name) == 0)
      {
        out->kind = specs[s].kind;
        memcpy (out->i, specs[s].i_default, sizeof out->i);
        for (guint f = 0; f < VMS_EC_MAX_REFS && specs[s].fields[f].names != NULL; f++)
          add_ref (out, payload_fc, specs[s].fields[f].slot, specs[s].fields[f].names);
        return;
      }

  if (strcmp (name, "net_dev_queue") == 0 || strcmp (name, "netif_receive_skb") == 0
      || strcmp (name, "net_if_receive_skb") == 0)
    {
      resolve_net_variant (out, payload_fc);
      if (out->net_variant)
        out->kind = name[4] == 'd' ? VMS_EV_NET_SEND : VMS_EV_NET_RECV;
      return;
    }

  /* System calls: syscall_entry_<name> (2.8+), sys_<name> (<= 2.5), sys_enter/sys_exit
   * {id, ...} (2.0-pre). */
  {
    static const char *const entry_prefixes[] = { "syscall_entry_", "compat_syscall_entry_" };
    static const char *const exit_prefixes[] = { "syscall_exit_", "compat_syscall_exit_" };

    for (guint p = 0; p < G_N_ELEMENTS (entry_prefixes); p++)
      if (g_str_has_prefix (name, entry_prefixes[p]))
        {
          out->kind = VMS_EV_SYSCALL_ENTRY;
          out->x = vms_string_table_intern (strings, name + strlen (entry_prefixes[p]));
          out->i[0] = -1;
          return;
        }
    for (guint p = 0; p < G_N_ELEMENTS (exit_prefixes); p++)
      if (g_str_has_prefix (name, exit_prefixes[p]))
        {
          out->kind = VMS_EV_SYSCALL_EXIT;
          out->x = vms_string_table_intern (strings, name + strlen (exit_prefixes[p]));
          add_ref (out, payload_fc, SLOT_I0, "ret");
          return;
        }
  }
  if (strcmp (name, "sys_enter") == 0 && member_index (payload_fc, "id", NULL) >= 0)
    {
      out->kind = VMS_EV_SYSCALL_ENTRY;
      add_ref (out, payload_fc, SLOT_I0, "id");
      return;
    }
  if (strcmp (name, "sys_exit") == 0 && member_index (payload_fc, "id", NULL) >= 0
      && member_index (payload_fc, "ret", NULL) >= 0)
    {
      out->kind = VMS_EV_SYSCALL_EXIT;
      add_ref (out, payload_fc, SLOT_I0, "ret");
      return;
    }
  if (g_str_has_prefix (name, "sys_") && name[4] != '\0')
    {
      out->kind = VMS_EV_SYSCALL_ENTRY;
      out->x = vms_string_table_intern (strings, name + 4);
      out->i[0] = -1;
      return;
    }
}

static inline guint64
read_u64 (const bt_field *f, guint8 type)
{
  if (type == FIELD_UNSIGNED)
    return bt_field_integer_unsigned_get_value (f);
  return (guint64) bt_field_integer_signed_get_value (f);
}

static inline void
store (VmsEvent *ev, guint8 slot, guint64 v)
{
  switch (slot)
    {
      case SLOT_X:
        ev->x = (guint32) v;
        break;
      case SLOT_I0:
      case SLOT_I1:
      case SLOT_I2:
      case SLOT_I3:
        ev->u.i[slot - SLOT_I0] = (gint32) v;
        break;
      case SLOT_Q0:
        ev->u.sync.cnt = v;
        break;
      case SLOT_Q1:
      default:
        ev->u.sync.vm_uid = v;
        break;
    }
}

static gboolean
convert_net (const VmsEventClassInfo *info, const bt_field *payload, VmsEvent *ev)
{
  const bt_field *nh
    = bt_field_structure_borrow_member_field_by_index_const (payload, info->nh_member);
  guint64 opt = bt_field_variant_get_selected_option_index (nh);

  for (guint v = 0; v < 2; v++)
    {
      const bt_field *l3, *th, *tcp;

      if (info->nh_option[v] < 0 || (guint64) info->nh_option[v] != opt || info->tcp_seq[v] < 0)
        continue;
      l3 = bt_field_variant_borrow_selected_option_field_const (nh);
      th = bt_field_structure_borrow_member_field_by_index_const (l3, info->th_member[v]);
      if (bt_field_variant_get_selected_option_index (th) != (guint64) info->tcp_option[v])
        return FALSE;
      tcp = bt_field_variant_borrow_selected_option_field_const (th);
      ev->u.net.seq = (guint32) read_u64 (
        bt_field_structure_borrow_member_field_by_index_const (tcp, info->tcp_seq[v]),
        FIELD_UNSIGNED);
      ev->u.net.ack_seq = (guint32) read_u64 (
        bt_field_structure_borrow_member_field_by_index_const (tcp, info->tcp_ack[v]),
        FIELD_UNSIGNED);
      ev->u.net.flags = (guint32) read_u64 (
        bt_field_structure_borrow_member_field_by_index_const (tcp, info->tcp_flags[v]),
        FIELD_UNSIGNED);
      return TRUE;
    }
  return FALSE;
}

gboolean
vms_event_class_convert (const VmsEventClassInfo *info,
                         const bt_event *event,
                         VmsInternCache *cache,
                         VmsEvent *ev)
{
  const bt_field *payload;

  if (info->kind == VMS_EV_NONE)
    return FALSE;
  ev->kind = info->kind;
  ev->x = info->x;
  memcpy (ev->u.i, info->i, sizeof ev->u.i);
  if (info->n_refs == 0 && !info->net_variant)
    return TRUE;
  payload = bt_event_borrow_payload_field_const (event);
  if (payload == NULL)
    return TRUE;
  if (info->net_variant)
    return convert_net (info, payload, ev);
  for (guint r = 0; r < info->n_refs; r++)
    {
      const VmsFieldRef *ref = &info->refs[r];
      const bt_field *f
        = bt_field_structure_borrow_member_field_by_index_const (payload, ref->member);

      if (ref->type == FIELD_STRING)
        store (ev, ref->slot, vms_intern_cache_intern (cache, bt_field_string_get_value (f)));
      else
        store (ev, ref->slot, read_u64 (f, ref->type));
    }
  return TRUE;
}
