#!/usr/bin/env python3
"""Every message between a guest and its host is received after it was sent.

Usage: check-causality.py DIR...   (each DIR holds truth.json and one trace folder per machine)

Reads every trace with the babeltrace2 CLI, puts guest times on the host's clock with the
exact formula of truth.json (tools/README.md, "Clocks"), and checks on the host's time axis:
  - TCP (--net): every net_if_receive_skb comes strictly after the net_dev_queue of the same
    segment (same addresses, ports, seq, ack_seq and flags; equal segments pair in order);
  - vmsync: vmsync_gh_guest(cnt) before the host's kvm_x86_hypercall(a0 = cnt) and
    vmsync_gh_host(cnt), and vmsync_hg_host(cnt) before the guest's vmsync_hg_guest(cnt),
    for the same vm_uid (the last pair only when the host records vmsync events).
Exits 0 when every pair is causal, 1 otherwise (listing the first violations).
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict, deque

LINE = re.compile(r'^\[(\d+)\.(\d{9})\] (?:\S+ )?(\w+): \{ cpu_id = (\d+) \}, \{ ?(.*?) ?\}$')
FIELD = re.compile(r'(\w+) = ("(?:[^"\\]|\\.)*"|[^,{}\[\]]+)')
ADDR = re.compile(r'(saddr|daddr) = \[ \[0\] = (\d+), \[1\] = (\d+), \[2\] = (\d+), \[3\] = (\d+) \]')
WANTED = ('net_dev_queue', 'net_if_receive_skb', 'kvm_x86_hypercall', 'vmsync_gh_guest',
          'vmsync_hg_guest', 'vmsync_gh_host', 'vmsync_hg_host')


def read_trace(path):
    out = subprocess.run(['babeltrace2', '--clock-seconds', '--no-delta', path],
                         check=True, capture_output=True, text=True)
    events = []
    for line in out.stdout.splitlines():
        m = LINE.match(line)
        if not m or m.group(3) not in WANTED:
            continue
        fields = {}
        for k, v in FIELD.findall(m.group(5)):
            v = v.strip()
            try:
                fields[k] = int(v, 0)
            except ValueError:
                fields[k] = v
        for k, *octets in ADDR.findall(m.group(5)):
            fields[k] = '.'.join(octets)
        ts = int(m.group(1)) * 1000000000 + int(m.group(2))
        events.append((ts, m.group(3), fields))
    return events


def guest_to_host(clock, g):
    """The smallest host time whose guest time is >= g (exact integer inverse)."""
    off, ppb, ref = clock['offset_ns'], clock['drift_ppb'], clock['ref_host_ns']

    def fwd(h):
        return h + off + ((h - ref) * ppb) // 1000000000

    h = ref + ((g - off - ref) * 1000000000) // (1000000000 + ppb)
    while fwd(h) < g:
        h += 1
    while fwd(h - 1) >= g:
        h -= 1
    return h


def segment(f):
    return (f['saddr'], f['source_port'], f['daddr'], f['dest_port'], f['seq'], f['ack_seq'],
            f['flags'])


def check(root):
    errors = []
    truth = json.load(open(os.path.join(root, 'truth.json')))
    gen = truth['generator']
    events = []  # (host ts, machine, name, fields)
    for ts, name, f in read_trace(os.path.join(root, truth['host']['trace'])):
        events.append((ts, 'host', name, f))
    for g in truth['guests']:
        for ts, name, f in read_trace(os.path.join(root, g['trace'])):
            events.append((guest_to_host(g['clock'], ts), g['hostname'], name, f))
    events.sort(key=lambda e: e[0])

    sent = defaultdict(deque)  # segment -> host times of its sends, in order
    n_segments = 0
    sync = {}  # (vm_uid, cnt, step) -> host time of the earlier side
    n_sync = 0
    for ts, machine, name, f in events:
        if name == 'net_dev_queue':
            sent[segment(f)].append((ts, machine))
        elif name == 'net_if_receive_skb':
            key = segment(f)
            if not sent[key]:
                # sent later, or never: the receive comes first on the host's time axis
                errors.append(f'{machine}: segment seq {key[4]} ack_seq {key[5]} flags '
                              f'{key[6]:#x} ({key[0]}:{key[1]} -> {key[2]}:{key[3]}) received '
                              f'at {ts} before any send')
                continue
            t_send, sender = sent[key].popleft()
            n_segments += 1
            if t_send >= ts:
                errors.append(f'{machine}: segment seq {key[4]} sent by {sender} at {t_send}, '
                              f'received at {ts}')
        elif name == 'vmsync_gh_guest':
            sync[(f['vm_uid'], f['cnt'], 'gh')] = ts
        elif name in ('kvm_x86_hypercall', 'vmsync_gh_host'):
            if name == 'kvm_x86_hypercall':
                if f.get('nr') != 5:
                    continue
                key = (f['a1'], f['a0'], 'gh')
            else:
                key = (f['vm_uid'], f['cnt'], 'gh')
            n_sync += 1
            if key not in sync:
                errors.append(f'host: {name} cnt {key[1]} vm_uid {key[0]} at {ts} before '
                              'its vmsync_gh_guest')
        elif name == 'vmsync_hg_host':
            sync[(f['vm_uid'], f['cnt'], 'hg')] = ts
        elif name == 'vmsync_hg_guest' and gen.get('sync') == 'full':
            # with --no-vmsync the host records only the hypercall: nothing to pair with
            n_sync += 1
            if (f['vm_uid'], f['cnt'], 'hg') not in sync:
                errors.append(f'{machine}: vmsync_hg_guest cnt {f["cnt"]} at {ts} before its '
                              'vmsync_hg_host')
    if gen.get('net') and n_segments == 0:
        errors.append('--net, but no segment was received')
    if gen.get('sync') != 'none' and n_sync == 0:
        errors.append('no vmsync round')
    return errors, n_segments, n_sync


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    bad = 0
    for root in sys.argv[1:]:
        errors, n_segments, n_sync = check(root)
        for e in errors[:20]:
            print(f'{root}: {e}')
        if len(errors) > 20:
            print(f'{root}: … {len(errors) - 20} more')
        if errors:
            bad += 1
        else:
            print(f'{root}: {n_segments} segments and {n_sync} sync messages, all causal')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
