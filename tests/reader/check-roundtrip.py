#!/usr/bin/env python3
"""vmscope's reader and babeltrace2 read the same events from generated traces (issue 3).

Usage: check-roundtrip.py VMSCOPE_GEN DUMP_EVENTS

Generates trace sets with vmscope-gen (seed scenario, about 1 s, every option: --net,
--preempt-state 256, small packets, negative drift and offset; and a stock host without
vmsync), then for every trace folder compares, event for event, what vmscope's reader delivers
(DUMP_EVENTS, tests/reader/dump-events.c) with babeltrace2's text output:
  - the number of events per analyzed kind, and the reader's per-kind and total counts;
  - per event: the timestamp (ns, clock offset applied), the CPU, and the key fields the
    analyses use (tids, comm names, prev_state, target/orig/dest CPU, pids, status, syscall
    names and return values, IRQ numbers and names, softirq vectors, order/pfn, vcpu_id,
    exit_reason/isa, hypercall nr/a0/a1, vmsync cnt/vm_uid, TCP seq/ack_seq/flags).
Exits 0 when they agree, 1 listing the first differences, 77 when babeltrace2 is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

LINE = re.compile(r'^\[(\d+)\.(\d{9})\] (?:\S+ )?(\w+): \{ cpu_id = (\d+) \}, \{ ?(.*?) ?\}$')
FIELD = re.compile(r'(\w+) = ("(?:[^"\\]|\\.)*"|[^,{}\[\]()]+)')

RUNS = [
    ['--scenario', 'seed', '--seed', '3', '--duration', '1s', '--net', '--preempt-state', '256',
     '--packet-size', '16', '--drift', '-23.5', '--offset', '-2500000000'],
    ['--scenario', 'noisy-neighbour', '--seed', '2', '--duration', '500ms', '--net',
     '--no-vmsync'],
]

# Kinds every run must exercise, so that an empty reading cannot pass
MUST_HAVE = ['sched_switch', 'sched_wakeup', 'sched_wakeup_new', 'sched_waking',
             'sched_migrate_task', 'sched_process_fork', 'sched_process_exec',
             'sched_process_exit', 'sched_process_free', 'lttng_statedump_process_state',
             'syscall_entry', 'syscall_exit', 'irq_handler_entry', 'irq_handler_exit',
             'irq_softirq_entry', 'irq_softirq_exit', 'irq_softirq_raise', 'kmem_mm_page_alloc',
             'kmem_mm_page_free', 'kvm_x86_entry', 'kvm_x86_exit', 'kvm_x86_hypercall',
             'vmsync_gh_guest', 'vmsync_hg_guest', 'vmsync_gh_host', 'vmsync_hg_host',
             'net_send', 'net_recv']


def s32(v):
    return ((v + 2**31) % 2**32) - 2**31


def fields_of(text):
    """The payload's fields by name; the first occurrence wins (top-level before nested)."""
    fields = {}
    for k, v in FIELD.findall(text):
        v = v.strip()
        if k in fields:
            continue
        if v.startswith('"'):
            fields[k] = v[1:-1]
        else:
            try:
                fields[k] = int(v, 0)
            except ValueError:
                fields[k] = v
    return fields


def expected(name, f):
    """(kind, key fields) as the reader must deliver them, or None for kinds it skips."""
    if name == 'sched_switch':
        return name, (f['prev_comm'], f['prev_tid'], f['next_tid'], f['prev_state'],
                      f['next_comm'])
    if name in ('sched_wakeup', 'sched_wakeup_new', 'sched_waking'):
        return name, (f['comm'], f['tid'], f['target_cpu'], f['prio'])
    if name == 'sched_migrate_task':
        return name, (f['comm'], f['tid'], f['orig_cpu'], f['dest_cpu'])
    if name == 'sched_process_fork':
        return name, (f['child_comm'], f['parent_tid'], f['parent_pid'], f['child_tid'],
                      f['child_pid'])
    if name == 'lttng_statedump_process_state':
        return name, (f['name'], f['tid'], f['pid'], f['ppid'], f['status'])
    if name == 'sched_process_exec':
        return name, (f['filename'], f['tid'], f['old_tid'])
    if name in ('sched_process_exit', 'sched_process_free'):
        return name, (f['comm'], f['tid'])
    if name.startswith('syscall_entry_'):
        return 'syscall_entry', (name[len('syscall_entry_'):], -1)
    if name.startswith('syscall_exit_'):
        return 'syscall_exit', (name[len('syscall_exit_'):], s32(f['ret']))
    if name == 'irq_handler_entry':
        return name, (f['name'], f['irq'])
    if name == 'irq_handler_exit':
        return name, (f['irq'], f['ret'])
    if name in ('irq_softirq_entry', 'irq_softirq_exit', 'irq_softirq_raise'):
        return name, (f['vec'],)
    if name in ('kmem_mm_page_alloc', 'kmem_mm_page_free'):
        return name, (f['order'], f['pfn'])
    if name == 'kvm_x86_entry':
        return name, (f['vcpu_id'],)
    if name == 'kvm_x86_exit':
        return name, (f['exit_reason'], f['isa'], f['vcpu_id'])
    if name == 'kvm_x86_hypercall':
        return name, (f['nr'], f['a0'], f['a1'])
    if name.startswith('vmsync_'):
        return name, (f['cnt'], f['vm_uid'])
    if name in ('net_dev_queue', 'net_if_receive_skb'):
        kind = 'net_send' if name == 'net_dev_queue' else 'net_recv'
        return kind, (f['seq'], f['ack_seq'], f['flags'])
    return None


def read_babeltrace(path, errors):
    out = subprocess.run(['babeltrace2', '--clock-seconds', '--no-delta', path],
                         check=True, capture_output=True, text=True)
    events, total = [], 0
    for line in out.stdout.splitlines():
        m = LINE.match(line)
        if not m:
            errors.append(f'{path}: cannot parse babeltrace2 line: {line[:200]}')
            continue
        total += 1
        ts = int(m.group(1)) * 1000000000 + int(m.group(2))
        e = expected(m.group(3), fields_of(m.group(5)))
        if e is not None:
            events.append((e[0], ts, int(m.group(4)), tuple(str(v) for v in e[1])))
    return events, total


def read_vmscope(dumper, path):
    out = subprocess.run([dumper, path], check=True, capture_output=True, text=True)
    events, counts, total = [], {}, None
    for line in out.stdout.splitlines():
        if line.startswith('count '):
            _, kind, n = line.split(' ')
            counts[kind] = int(n)
        elif line.startswith('total '):
            total = int(line.split(' ')[1])
        else:
            kind, ts, cpu, *rest = line.split('\t')
            events.append((kind, int(ts), int(cpu), tuple(rest)))
    return events, counts, total


def compare(dumper, path, errors):
    bt, bt_total = read_babeltrace(path, errors)
    vms, vms_counts, vms_total = read_vmscope(dumper, path)
    name = os.path.basename(path)
    bt_kinds = Counter(e[0] for e in bt)
    vms_kinds = Counter(e[0] for e in vms)
    for kind in sorted(set(bt_kinds) | set(vms_kinds)):
        if bt_kinds[kind] != vms_kinds[kind]:
            errors.append(f'{name}: {vms_kinds[kind]} {kind} events read, babeltrace2 has '
                          f'{bt_kinds[kind]}')
    for kind, n in vms_counts.items():
        if n != vms_kinds[kind]:
            errors.append(f'{name}: vms_trace_get_kind_count ({kind}) = {n}, delivered '
                          f'{vms_kinds[kind]}')
    if vms_total != bt_total:
        errors.append(f'{name}: vms_trace_get_n_events = {vms_total}, babeltrace2 read '
                      f'{bt_total}')
    # Same time order on both sides; events of equal timestamps may come in either order
    bt.sort(key=lambda e: (e[1], e[2], e[0], e[3]))
    vms.sort(key=lambda e: (e[1], e[2], e[0], e[3]))
    bad = 0
    for a, b in zip(vms, bt):
        if a != b:
            bad += 1
            if bad <= 10:
                errors.append(f'{name}: vmscope read {a}, babeltrace2 {b}')
    if bad > 10:
        errors.append(f'{name}: … {bad - 10} more events differ')
    return vms_kinds, len(vms)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    gen, dumper = sys.argv[1], sys.argv[2]
    if shutil.which('babeltrace2') is None:
        print('# babeltrace2 is missing; skipping')
        return 77
    errors = []
    kinds = Counter()
    with tempfile.TemporaryDirectory(prefix='vmscope-roundtrip.') as tmp:
        for i, options in enumerate(RUNS):
            out = os.path.join(tmp, str(i))
            subprocess.run([gen] + options + ['-o', out], check=True, stdout=subprocess.DEVNULL)
            for folder in sorted(os.listdir(out)):
                path = os.path.join(out, folder)
                if os.path.isdir(path):
                    k, n = compare(dumper, path, errors)
                    kinds.update(k)
                    print(f'# {" ".join(options)}: {folder}: {n} analyzed events compared')
    for kind in MUST_HAVE:
        if kinds[kind] == 0:
            errors.append(f'no {kind} event at all')
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
