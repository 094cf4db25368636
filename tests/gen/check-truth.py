#!/usr/bin/env python3
"""Recompute, slowly and independently, what truth.json claims from the traces' text.

Usage: check-truth.py DIR   (DIR holds truth.json and one trace folder per machine)

Reads every trace with the babeltrace2 CLI, then checks, with the definitions of
tools/README.md ("truth.json"):
  - the event counts per trace and per event name;
  - per vCPU (host clock): the time in each state, exits by reason, preemptions (count, total,
    by whom, the longest ones);
  - per guest thread (guest clock): the time in each state, and (host clock) the time it only
    appeared to run;
  - memory per guest and per guest process, and what the host allocated for each VM;
  - the vmsync rounds.
Exits 0 when everything matches exactly, 1 otherwise (listing the differences).
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

LINE = re.compile(r'^\[(\d+)\.(\d{9})\] (?:\S+ )?(\w+): \{ cpu_id = (\d+) \}, \{ ?(.*?) ?\}$')
FIELD = re.compile(r'(\w+) = ("(?:[^"\\]|\\.)*"|[^,{}\[\]]+)')

errors = []
PREEMPT = (0,)  # prev_state values of a preempted task


def fail(msg):
    errors.append(msg)


def read_trace(path):
    out = subprocess.run(['babeltrace2', '--clock-seconds', '--no-delta', path],
                         check=True, capture_output=True, text=True)
    if out.stderr.strip():
        fail(f'{path}: babeltrace2 wrote on stderr: {out.stderr.strip()[:300]}')
    events = []
    for line in out.stdout.splitlines():
        m = LINE.match(line)
        if not m:
            fail(f'{path}: cannot parse line: {line[:200]}')
            continue
        ts = int(m.group(1)) * 1000000000 + int(m.group(2))
        fields = {}
        for k, v in FIELD.findall(m.group(5)):
            v = v.strip()
            if v.startswith('"'):
                fields[k] = v[1:-1]
            else:
                try:
                    fields[k] = int(v, 0)
                except ValueError:
                    fields[k] = v
        events.append((ts, m.group(3), int(m.group(4)), fields))
    return events


def compare(what, got, want):
    if got != want:
        fail(f'{what}: recomputed {got}, truth says {want}')


def check_counts(name, events, truth_counts):
    counts = defaultdict(int)
    for e in events:
        counts[e[1]] += 1
    counts['total'] = len(events)
    compare(f'{name}: event counts', dict(counts), truth_counts)


class Timer:
    """Time per state, from the first known instant on."""

    def __init__(self):
        self.totals = defaultdict(int)
        self.state = None
        self.since = None

    def set(self, state, t):
        if self.state is not None:
            assert t >= self.since, (t, self.since)
            self.totals[self.state] += t - self.since
        self.state = state
        self.since = t


def top_by(ns_by_label):
    """The thread that ran longest during one preemption (ties: smallest label)."""
    if not ns_by_label:
        return None
    return min(ns_by_label.items(), key=lambda kv: (-kv[1], kv[0]))[0]


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


def check(root):
    global PREEMPT
    truth = json.load(open(os.path.join(root, 'truth.json')))
    PREEMPT = (0, truth['generator'].get('preempt_state', 0))
    host_events = read_trace(os.path.join(root, truth['host']['trace']))
    check_counts('host', host_events, truth['event_counts']['host'])
    begin, end = host_events[0][0], host_events[-1][0]
    compare('host begin', begin, truth['host']['begin_ns'])
    compare('host end', end, truth['host']['end_ns'])

    vcpu_of = {}  # host tid -> (guest index, vcpu id)
    label = {}
    for gi, g in enumerate(truth['guests']):
        for c, tid in enumerate(g['vcpu_tids']):
            vcpu_of[tid] = (gi, c)
            label[tid] = f"{g['hostname']} vCPU {c}"

    # guest side, in guest order
    merged = [(e[0], 0, i, e) for i, e in enumerate(host_events)]
    guest_cur = {}
    net_key = lambda f: (f['seq'], f['ack_seq'], f['flags'])
    host_sent = {net_key(f): ts for ts, name, _, f in host_events if name == 'net_dev_queue'}
    host_recv = {net_key(f): ts for ts, name, _, f in host_events if name == 'net_if_receive_skb'}
    guest_sent = {}
    for gi, g in enumerate(truth['guests']):
        events = read_trace(os.path.join(root, g['trace']))
        check_counts(g['hostname'], events, truth['event_counts'][g['hostname']])
        check_guest(g, events)
        net = g.get('net', {})
        n_sent = n_recv = 0
        for ts, name, cpu, f in events:
            if name == 'net_dev_queue':
                n_sent += 1
                guest_sent[net_key(f)] = guest_to_host(g['clock'], ts)
            elif name == 'net_if_receive_skb':
                n_recv += 1
                sent = host_sent.get(net_key(f))
                if sent is None or sent >= guest_to_host(g['clock'], ts):
                    fail(f"{g['hostname']}: segment {net_key(f)} received without an earlier send")
        if net:
            compare(f"{g['hostname']} segments sent", n_sent, net['guest_to_host_sent'])
            compare(f"{g['hostname']} segments received", n_recv, net['host_to_guest_received'])
        for i, (ts, name, cpu, f) in enumerate(events):
            if name == 'sched_switch':
                h = guest_to_host(g['clock'], ts)
                merged.append((h, 1, i, ('guest', gi, cpu, f['next_tid'])))
        for c in range(len(g['vcpu_tids'])):
            guest_cur[(gi, c)] = 0
    merged.sort(key=lambda x: (x[0], x[1], x[2]))
    for key, ts in host_recv.items():
        if key not in guest_sent or guest_sent[key] >= ts:
            fail(f'host: segment {key} received without an earlier send')
    if truth['guests'] and 'net' in truth['guests'][0]:
        compare('host segments sent', len(host_sent),
                sum(g['net']['host_to_guest_sent'] for g in truth['guests']))
        compare('host segments received', len(host_recv),
                sum(g['net']['guest_to_host_received'] for g in truth['guests']))

    timers = {key: Timer() for key in vcpu_of.values()}
    seen = {}
    reason = {}
    exits = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    preempt = {}  # key -> [start, first_by, cpu]
    pcount = defaultdict(int)
    by = defaultdict(lambda: defaultdict(int))
    by_mark = {}
    longest = defaultdict(list)
    atr = defaultdict(int)
    atr_start = {}
    cur = {}
    host_alloc = defaultdict(int)
    host_points = defaultdict(list)

    def vset(key, state, t):
        tm = timers[key]
        if tm.state == 'hypervisor':
            exits[key][reason[key]][1] += t - tm.since
        tm.set(state, t)

    def see(key, t):
        if key not in seen:
            seen[key] = t
            timers[key].totals['unknown'] = t - begin
            timers[key].state = None

    def account_by(cpu, t):
        for key, p in preempt.items():
            if p is not None and p[2] == cpu:
                by[key][p[3]] += t - by_mark[key]
                p[1][p[3]] += t - by_mark[key]
                by_mark[key] = t

    for t, _, _, e in merged:
        if e[0] == 'guest':
            _, gi, c, next_tid = e
            guest_cur[(gi, c)] = next_tid
            key = (gi, c)
            if key in seen and timers[key].state in ('running', 'idle'):
                vset(key, 'idle' if next_tid == 0 else 'running', t)
            continue
        ts, name, cpu, f = e
        if name == 'sched_switch':
            account_by(cpu, ts)
            prev, nxt = f['prev_tid'], f['next_tid']
            cur[cpu] = nxt
            who = label.get(nxt, f"{f['next_comm']} ({nxt})")
            for key, p in preempt.items():
                if p is not None and p[2] == cpu:
                    p[3] = who
            if prev in vcpu_of and vcpu_of[prev] in seen:
                key = vcpu_of[prev]
                if f['prev_state'] in PREEMPT:
                    vset(key, 'preempted', ts)
                    pcount[key] += 1
                    preempt[key] = [ts, defaultdict(int), cpu, who]
                    by_mark[key] = ts
                else:
                    vset(key, 'idle', ts)
            if nxt in vcpu_of and vcpu_of[nxt] in seen:
                key = vcpu_of[nxt]
                p = preempt.get(key)
                if p is not None:
                    longest[key].append((ts - p[0], p[0], top_by(p[1])))
                    preempt[key] = None
                vset(key, 'hypervisor', ts)
        elif name in ('kvm_x86_entry', 'kvm_x86_exit'):
            key = vcpu_of[cur[cpu]]
            assert key[1] == f['vcpu_id']
            see(key, ts)
            gtid = guest_cur[key]
            if name == 'kvm_x86_entry':
                if gtid != 0 and key in atr_start:
                    atr[(key[0], gtid)] += ts - atr_start.pop(key)
                vset(key, 'idle' if gtid == 0 else 'running', ts)
            else:
                r = str(f['exit_reason'])
                exits[key][r][0] += 1
                vset(key, 'hypervisor', ts)
                reason[key] = r
                if gtid != 0:
                    atr_start[key] = ts
        elif name == 'kmem_mm_page_alloc':
            tid = cur.get(cpu, 0)
            if tid in vcpu_of:
                host_alloc[vcpu_of[tid][0]] += 4096 << f['order']
                host_points[vcpu_of[tid][0]].append((ts, 4096 << f['order']))

    for cpu in set(cur):
        account_by(cpu, end)
    for key, tm in timers.items():
        if key not in seen:
            tm.totals['unknown'] = end - begin
            continue
        vset(key, tm.state, end)
        p = preempt.get(key)
        if p is not None:
            longest[key].append((end - p[0], p[0], top_by(p[1])))
        if key in atr_start and guest_cur[key] != 0:
            atr[(key[0], guest_cur[key])] += end - atr_start[key]

    for gi, g in enumerate(truth['guests']):
        for vc in g['vcpus']:
            key = (gi, vc['id'])
            name = f"{g['hostname']} vCPU {vc['id']}"
            states = {s: timers[key].totals.get(s, 0) for s in vc['states']}
            compare(f'{name} states', states, vc['states'])
            ex = {r: {'count': v[0], 'total_ns': v[1]} for r, v in exits[key].items()}
            want = {r: {'count': v['count'], 'total_ns': v['total_ns']}
                    for r, v in vc['exits'].items()}
            compare(f'{name} exits', ex, want)
            pr = vc['preemptions']
            compare(f'{name} preemptions', pcount[key], pr['count'])
            compare(f'{name} preempted by', {k: v for k, v in by[key].items() if v}, pr['by'])
            top = sorted(longest[key], key=lambda x: -x[0])[:len(pr['longest'])]
            compare(f'{name} longest preemptions', [list(x) for x in top],
                    [[x['duration'], x['start'], x['preempted_by']] for x in pr['longest']])
        for th in g['threads']:
            compare(f"{g['hostname']} thread {th['tid']} appeared to run",
                    atr.get((gi, th['tid']), 0), th['appeared_to_run_ns'])
        compare(f"{g['hostname']} host bytes", host_alloc.get(gi, 0),
                g['memory']['host_allocated_bytes'])
        if 'host_series' in g['memory']:
            compare(f"{g['hostname']} host memory series",
                    series(host_points[gi], begin, end, g['memory']['host_series']['bin_ns']),
                    g['memory']['host_series'])


def series(points, begin, end, bin_ns):
    """Net bytes at the end of each bin: values[i] sums the deltas before begin+(i+1)*bin."""
    n = (end - begin) // bin_ns + 1
    values, net, k = [], 0, 0
    for i in range(n):
        limit = begin + (i + 1) * bin_ns
        while k < len(points) and points[k][0] < limit:
            net += points[k][1]
            k += 1
        values.append(net)
    return {'begin_ns': begin, 'bin_ns': bin_ns, 'net_bytes': values}


def mem_summary(deltas):
    net = peak = lowest = alloc = freed = 0
    for d in deltas:
        net += d
        alloc += max(d, 0)
        freed += max(-d, 0)
        peak = max(peak, net)
        lowest = min(lowest, net)
    return {'allocated_bytes': alloc, 'freed_bytes': freed, 'net_bytes': net,
            'peak_bytes': peak, 'lowest_bytes': lowest, 'final_bytes': net}


def check_guest(g, events):
    host = g['hostname']
    begin, end = events[0][0], events[-1][0]
    compare(f'{host} begin', begin, g['begin_ns'])
    compare(f'{host} end', end, g['end_ns'])
    timers = defaultdict(Timer)
    first = {}
    in_sys = defaultdict(bool)
    cur = defaultdict(int)
    in_irq = defaultdict(bool)
    where = {}
    pid_of = {}
    dying = set()
    mem_vm = []
    mem_points = []
    mem_proc = defaultdict(list)
    gh = hg = 0

    def state_of(tid):
        c = where.get(tid)
        if c is not None and cur[c] == tid:
            if in_irq[c]:
                return 'interrupted'
            return 'syscall' if in_sys[tid] else 'running'
        return None

    def tset(tid, state, t):
        if tid == 0:
            return
        if tid not in first:
            first[tid] = t
        if timers[tid].state != state:
            timers[tid].set(state, t)

    for ts, name, cpu, f in events:
        if name == 'lttng_statedump_process_state':
            pid_of[f['tid']] = f['pid']
        elif name == 'sched_process_fork':
            pid_of[f['child_tid']] = f['child_pid']
        elif name == 'sched_process_exit':
            dying.add(f['tid'])
        elif name == 'sched_switch':
            prev, nxt = f['prev_tid'], f['next_tid']
            cur[cpu] = nxt
            if prev in dying:
                tset(prev, 'exited', ts)
            elif prev:
                tset(prev, 'runnable' if f['prev_state'] in PREEMPT else 'blocked', ts)
            if nxt:
                where[nxt] = cpu
                tset(nxt, state_of(nxt), ts)
        elif name == 'sched_waking':
            if f['tid'] not in first:
                tset(f['tid'], 'blocked', ts)
        elif name in ('sched_wakeup', 'sched_wakeup_new'):
            tset(f['tid'], 'runnable', ts)
        elif name.startswith('syscall_entry_') or name.startswith('syscall_exit_'):
            tid = cur[cpu]
            in_sys[tid] = name.startswith('syscall_entry_')
            tset(tid, state_of(tid), ts)
        elif name in ('irq_handler_entry', 'irq_softirq_entry', 'irq_handler_exit',
                      'irq_softirq_exit'):
            in_irq[cpu] = name.endswith('_entry')
            if cur[cpu]:
                tset(cur[cpu], state_of(cur[cpu]), ts)
        elif name in ('kmem_mm_page_alloc', 'kmem_mm_page_free'):
            d = 4096 << f['order']
            if name == 'kmem_mm_page_free':
                d = -d
            mem_vm.append(d)
            mem_points.append((ts, d))
            mem_proc[pid_of[cur[cpu]]].append(d)
        elif name == 'vmsync_gh_guest':
            gh += 1
        elif name == 'vmsync_hg_guest':
            hg += 1

    for th in g['threads']:
        tid = th['tid']
        tm = timers[tid]
        totals = dict.fromkeys(th['states'], 0)
        if tid in first:
            tm.set(tm.state, end)
            totals.update(tm.totals)
            totals['unknown'] = first[tid] - begin
        else:
            totals['unknown'] = end - begin
        compare(f'{host} thread {tid} ({th["name"]}) states', totals, th['states'])
    if 'series' in g['memory']:
        compare(f'{host} memory series', series(mem_points, begin, end, g['memory']['series']['bin_ns']),
                g['memory']['series'])
    want = {k: v for k, v in g['memory'].items() if k.endswith('_bytes') and k != 'host_allocated_bytes'}
    compare(f'{host} memory', mem_summary(mem_vm), want)
    for p in g['memory']['processes']:
        want = {k: v for k, v in p.items() if k.endswith('_bytes')}
        compare(f'{host} memory of {p["name"]} ({p["pid"]})', mem_summary(mem_proc[p['pid']]), want)
    compare(f'{host} complete sync rounds', hg, g['sync']['complete_rounds'])


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    check(sys.argv[1])
    for e in errors[:50]:
        print('MISMATCH', e)
    if errors:
        print(f'{len(errors)} mismatches')
        return 1
    print('truth.json matches the events')
    return 0


if __name__ == '__main__':
    sys.exit(main())
