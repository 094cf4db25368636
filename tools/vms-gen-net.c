/* vms-gen-net.c: --net, TCP segments between the host and each guest, recorded as
 * net_dev_queue on the sender and net_if_receive_skb on the receiver (lttng-modules 2.9+ layout)
 *
 * The host sends a segment to the guest's port 80 every few milliseconds; the guest's NIC
 * interrupt and NET_RX softirq receive it and answer with an ACK carrying data. Each segment is
 * matched across machines by (seq, ack_seq, flags).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-gen-sim-private.h"

#define TCP_ACK 0x010
#define TCP_PSH 0x008
#define NET_RX_SOFTIRQ 3
#define VIRTIO_NET_IRQ 25
#define HOST_PORT_BASE 40000

static void
payload_net (VmsCtfPayload *p, Vm *vm, const NetPacket *pkt, gboolean at_guest)
{
  guint8 host_ip[4] = { 192, 168, 122, 1 };
  guint8 guest_ip[4] = { 192, 168, 122, (guint8) (10 + vm->idx) };
  char name[16];

  if (at_guest)
    g_strlcpy (name, "eth0", sizeof name);
  else
    g_snprintf (name, sizeof name, "vnet%u", vm->idx);
  vms_ctf_payload_reset (p);
  vms_ctf_put_u64 (p, pkt->skbaddr);
  vms_ctf_put_u32 (p, 40u + pkt->len);
  vms_ctf_put_string (p, name);
  vms_ctf_put_u8 (p, 1);    /* ipv4 */
  vms_ctf_put_u8 (p, 0x45); /* version 4, ihl 5 */
  vms_ctf_put_u8 (p, 0);
  vms_ctf_put_be16 (p, (guint16) (40 + pkt->len));
  vms_ctf_put_be16 (p, (guint16) (pkt->seq * 7));
  vms_ctf_put_be16 (p, 0x4000); /* don't fragment */
  vms_ctf_put_u8 (p, 64);
  vms_ctf_put_u8 (p, 6); /* tcp */
  vms_ctf_put_be16 (p, (guint16) (pkt->seq ^ pkt->ack_seq));
  vms_ctf_put_bytes (p, pkt->to_guest ? host_ip : guest_ip, 4);
  vms_ctf_put_bytes (p, pkt->to_guest ? guest_ip : host_ip, 4);
  vms_ctf_put_be16 (p, pkt->sport);
  vms_ctf_put_be16 (p, pkt->dport);
  vms_ctf_put_be32 (p, pkt->seq);
  vms_ctf_put_be32 (p, pkt->ack_seq);
  vms_ctf_put_be16 (p, (guint16) ((5u << 12) | pkt->flags)); /* data_offset, reserved, flags */
  vms_ctf_put_be16 (p, 502);
  vms_ctf_put_be16 (p, (guint16) (pkt->ack_seq * 3));
  vms_ctf_put_be16 (p, 0);
}

static void
send (Sim *s, Vm *vm, NetPacket *pkt, guint64 t)
{
  GList *l;

  /* arrivals stay in sending order */
  pkt->arrive = t + vms_rng_exp (&vm->rng, 60 * US, 15 * US, 2 * MS);
  l = g_queue_peek_tail_link (&vm->net_flight);
  if (l != NULL)
    pkt->arrive = MAX (pkt->arrive, ((NetPacket *) l->data)->arrive + 1);
  g_queue_push_tail (&vm->net_flight, pkt);
  vm->net_sent[pkt->to_guest ? 0 : 1]++;
  sim_push (s, pkt->arrive, PQ_NET_ARRIVE, vm->idx, 0);
}

static void
set_in_irq (Vcpu *v, guint64 t, gboolean in_irq)
{
  v->in_irq = in_irq;
  if (v->current != NULL)
    truth_task_refresh (v->current, v, guest_time (v->vm, t));
}

void
net_host_send (Sim *s, Vm *vm, guint64 t)
{
  NetPacket *pkt = g_new0 (NetPacket, 1);
  VmsCtfPayload p;
  guint cpu = host_waker_cpu (s, vm->iothread);

  pkt->to_guest = TRUE;
  pkt->len = (guint16) vms_rng_range (&vm->rng, 64, 1400);
  pkt->seq = vm->host_seq;
  pkt->ack_seq = vm->guest_seq;
  pkt->flags = TCP_ACK | TCP_PSH;
  pkt->sport = (guint16) (HOST_PORT_BASE + vm->idx);
  pkt->dport = 80;
  pkt->skbaddr = G_GUINT64_CONSTANT (0xffff888100000000) + (vms_rng_next (&s->rng) & 0xfffff00);
  vm->host_seq += pkt->len;
  payload_net (&p, vm, pkt, FALSE);
  t = emit_host_payload (s, cpu, t, NULL, VMS_EV_NET_DEV_QUEUE, &p);
  send (s, vm, pkt, t);
  sim_push (s, t + vms_rng_exp (&s->rng, 6 * MS, 200 * US, 100 * MS), PQ_NET_HOST_SEND, vm->idx, 0);
}

void
net_arrive (Sim *s, Vm *vm, guint64 t)
{
  NetPacket *pkt = g_queue_pop_head (&vm->net_flight);

  g_assert (pkt != NULL);
  if (!pkt->to_guest)
    {
      VmsCtfPayload p;

      payload_net (&p, vm, pkt, FALSE);
      emit_host_payload (s, host_waker_cpu (s, vm->iothread), t, NULL, VMS_EV_NET_IF_RECEIVE_SKB,
                         &p);
      vm->net_received[1]++;
      g_free (pkt);
      return;
    }
  /* the virtual NIC raises its interrupt on one vCPU, in turn */
  {
    Vcpu *v = vm->vcpus[vm->net_rr++ % vm->n_vcpus];

    g_queue_push_tail (&v->net_rx, pkt);
    vcpu_deliver (s, v, t, EXIT_EXTERNAL_INTERRUPT);
  }
}

/* In guest mode: the NIC interrupt, then NET_RX receives the segment and answers. */
void
net_guest_rx (Sim *s, Vcpu *v)
{
  Vm *vm = v->vm;
  NetPacket *pkt = g_queue_pop_head (&v->net_rx);
  NetPacket *reply = g_new0 (NetPacket, 1);
  VmsCtfPayload p;
  guint64 t;

  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, VIRTIO_NET_IRQ);
  vms_ctf_put_string (&p, "virtio0-input.0");
  t = gts (v, v->g_last + vms_rng_range (&vm->rng, 300, 900), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_HANDLER_ENTRY, &p);
  set_in_irq (v, t, TRUE);
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, NET_RX_SOFTIRQ);
  t = gts (v, t + vms_rng_range (&vm->rng, 200, 600), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_SOFTIRQ_RAISE, &p);
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, VIRTIO_NET_IRQ);
  vms_ctf_put_u32 (&p, 1);
  t = gts (v, t + vms_rng_range (&vm->rng, 200, 600), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_HANDLER_EXIT, &p);
  set_in_irq (v, t, FALSE);
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, NET_RX_SOFTIRQ);
  t = gts (v, t + vms_rng_range (&vm->rng, 200, 600), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_SOFTIRQ_ENTRY, &p);
  set_in_irq (v, t, TRUE);

  payload_net (&p, vm, pkt, TRUE);
  t = gts (v, t + vms_rng_range (&vm->rng, 500, 2000), NULL, NULL);
  emit_guest (v, t, VMS_EV_NET_IF_RECEIVE_SKB, &p);
  vm->net_received[0]++;

  reply->to_guest = FALSE;
  reply->len = (guint16) vms_rng_range (&vm->rng, 0, 600);
  reply->seq = vm->guest_seq;
  reply->ack_seq = pkt->seq + pkt->len;
  reply->flags = reply->len > 0 ? TCP_ACK | TCP_PSH : TCP_ACK;
  reply->sport = pkt->dport;
  reply->dport = pkt->sport;
  reply->skbaddr = G_GUINT64_CONSTANT (0xffff888010000000) + (vms_rng_next (&vm->rng) & 0xfffff00);
  vm->guest_seq += reply->len;
  payload_net (&p, vm, reply, TRUE);
  t = gts (v, t + vms_rng_range (&vm->rng, 2000, 8000), NULL, NULL);
  emit_guest (v, t, VMS_EV_NET_DEV_QUEUE, &p);
  send (s, vm, reply, t);

  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, NET_RX_SOFTIRQ);
  t = gts (v, t + vms_rng_range (&vm->rng, 300, 1000), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_SOFTIRQ_EXIT, &p);
  set_in_irq (v, t, FALSE);
  g_free (pkt);
}

void
net_free (Vm *vm)
{
  g_queue_clear_full (&vm->net_flight, g_free);
  for (guint c = 0; c < vm->n_vcpus; c++)
    g_queue_clear_full (&vm->vcpus[c]->net_rx, g_free);
}
