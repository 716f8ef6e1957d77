#!/usr/bin/env python3
"""Turns the raw figures of scripts/bench.sh into the Markdown tables of the README."""
import json
import os
import statistics
import sys

out = sys.argv[1]


def lines(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


ours = lines("optimise.jsonl")
spopt = {r["instance"]: r for r in lines("spopt.jsonl")}

print("### Location-allocation (p-median), OR-Library instances\n")
print("| instance | n | p | optimum | exact objective | exact gap | exact s | heuristic objective | heuristic vs optimum | heuristic s | spopt+CBC objective | spopt s | spopt s / exact s | spopt s / heuristic s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def fmt(v, d=0):
    if v is None:
        return "-"
    return f"{v:,.{d}f}"


def exact_gap(r):
    gap = r.get("exact_gap")
    if gap is None or gap >= 1:
        return "no bound yet"  # stopped at the time limit before HiGHS had a lower bound
    return f"{gap * 100:.3f}%"


for r in ours:
    if r["instance"].startswith("national"):
        continue
    s = spopt.get(r["instance"], {})
    note = "" if r.get("edges_read") == r.get("edges_declared") else " (file truncated: %d of %d edges)" % (r["edges_read"], r["edges_declared"])
    heur_vs_opt = (r["heuristic_objective"] - r["optimum"]) / r["optimum"] * 100
    exact_s, heur_s, sp_s = r.get("exact_seconds"), r["heuristic_seconds"], s.get("seconds")
    ratio = lambda a, b: f"{a / b:,.1f}x" if a and b else "-"
    status = "" if r.get("exact_status") in (None, "Optimal") else f" ({r['exact_status']})"
    sp_status = "" if s.get("status") in (None, "Optimal") else f" ({s['status']})"
    print(f"| {r['instance']}{note} | {r['n']} | {r['p']} | {fmt(r['optimum'])} | {fmt(r.get('exact_objective'))}{status} | "
          f"{exact_gap(r)} | {fmt(exact_s, 2)} | {fmt(r['heuristic_objective'])} | {heur_vs_opt:+.2f}% | "
          f"{fmt(heur_s, 2)} | {fmt(s.get('objective'))}{sp_status} | {fmt(sp_s, 2)} | {ratio(sp_s, exact_s)} | {ratio(sp_s, heur_s)} |")

for r in ours:
    if r["instance"].startswith("national"):
        print(f"\nNational-size p-median ({r['n']:,} demand points x {r['m']:,} sites, p = {r['p']}): heuristic "
              f"{r['heuristic_seconds']:.1f} s, gap to its Lagrangian bound {r['heuristic_gap'] * 100:.2f}%; "
              f"cost matrix {r['matrix_seconds']:.2f} s.")

def timed(prefix):
    runs = []
    for name in sorted(os.listdir(out)):
        if name.startswith(prefix) and name.endswith(".time"):
            with open(os.path.join(out, name)) as f:
                seconds, kb = f.read().split()
                runs.append((float(seconds), int(kb)))
    return runs


print("\n### End to end\n")
print("| what | runs | median wall s | peak memory MiB |")
print("|---|---|---|---|")
for prefix, label in [("run-", "`tvetplan run` on the demo province (baseline + 3 scenarios, full reports)"),
                      ("national-", "`tvetplan run` on the national dataset (34 province reports + national summary, 10 M learner records)")]:
    runs = timed(prefix)
    if runs:
        print(f"| {label} | {len(runs)} | {statistics.median(r[0] for r in runs):.2f} | {max(r[1] for r in runs) / 1024:.0f} |")

manifest = os.path.join(out, "national-manifest.json")
if os.path.exists(manifest):
    with open(manifest) as f:
        t = json.load(f)["timings_ms"]
    print("\nNational run by stage (ms): " + ", ".join(f"{k} {v:,}" for k, v in t.items()))

for r in lines("learners.jsonl"):
    print(f"\n### Learner records\n\n{r['rows']:,} rows: tvetplan's loader {r['tvetplan_seconds']:.2f} s "
          f"({r['rows_per_second'] / 1e6:.1f} M rows/s) against polars alone (scan + the same two group-bys) "
          f"{r['polars_seconds']:.2f} s: overhead ratio {r['ratio']:.2f}x (medians of 5 runs).")

roads = list(lines("roads.jsonl"))
if roads:
    print("\n### Road network (synthetic extract written by examples/bench_roads.rs)\n")
    print("| figure | detail | wall s | CPU s | peak memory MiB |")
    print("|---|---|---|---|---|")
    for r in roads:
        cpu = f"{r['cpu_seconds']:.1f}" if "cpu_seconds" in r else "-"
        if r["figure"].startswith("write"):
            detail = f"{r['nodes']:,} nodes, {r['ways']:,} ways, {r['mb']:.0f} MB"
            print(f"| {r['figure']} | {detail} | {r['seconds']:.1f} | - | - |")
        elif "median" in r["figure"]:
            print(f"| {r['figure']} | {r['runs']} runs | {r['seconds']:.1f} | {cpu} | - |")
        else:
            pairs = r.get("pairs", r.get("pairs_searched", 0))
            detail = f"{pairs:,} pairs searched ({r['network_pairs']:,} by network), graph {r['graph_nodes']:,} nodes"
            print(f"| {r['figure']} | {detail} | {r['seconds']:.2f} | {cpu} | {r['peak_mib']:.0f} |")

kernels = os.path.join(out, "kernels.txt")
if os.path.exists(kernels):
    print("\n### Kernels (criterion, median of the estimate)\n")
    with open(kernels) as f:
        text = f.read().split("\n")
    name = None
    for line in text:
        if "time:" in line:
            parts = line.split("[")[1].split("]")[0].split()
            print(f"- {name or line.split('time:')[0].strip()}: {parts[2]} {parts[3]}")
            name = None
        elif line.strip():
            name = line.strip()
