#!/usr/bin/env python3
"""Reference answers for `tvetplan locate`, computed by tools that share no code with it.

p-median, p-center, MCLP and LSCP come from PySAL spopt (its own MILP formulations, through
PuLP). spopt has no fixed-charge capacitated model, so CFLP comes from a separate PuLP
formulation written here from the textbook model (not from tvetplan's code). Every model is
solved twice, with HiGHS (the solver tvetplan links) and with CBC (a different code base);
an answer is written only when both prove it optimal and agree.

Instances: OR-Library pmed1 and pmed5 (benches/orlib), costs = shortest-path lengths.
For CFLP every vertex gets capacity 7.5 + 2 (j mod 5) (the half unit makes multi-source
answers differ from single-source ones) and fixed cost 200 + 25 (j mod 7)
(j = 0-based vertex index), the rule src/optimise/reference_tests.rs uses too.

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install spopt pulp highspy
    /tmp/ref/bin/python scripts/reference_locate.py tests/fixtures/locate/orlib_reference.json

Takes a few minutes (CBC is the slower of the two on p-center).
"""
import importlib.metadata
import json
import os
import sys
import time

import numpy as np
import pulp
from spopt.locate import LSCP, MCLP, PCenter, PMedian

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spopt_bench import read_instance  # noqa: E402  (same reading as the benchmark)

ORLIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benches", "orlib")

# (instance, model, p, radius, single_source): chosen so the answers differ between
# neighbouring parameters (a solver off by one site or one radius step shows).
CASES = [
    ("pmed1", "pmedian", 5, None, None),
    ("pmed1", "pmedian", 10, None, None),
    ("pmed1", "pmedian", 20, None, None),
    ("pmed5", "pmedian", 10, None, None),
    ("pmed5", "pmedian", 33, None, None),
    ("pmed1", "pcenter", 5, None, None),
    ("pmed1", "pcenter", 10, None, None),
    ("pmed5", "pcenter", 10, None, None),
    ("pmed5", "pcenter", 33, None, None),
    ("pmed1", "mclp", 5, 40, None),
    ("pmed1", "mclp", 10, 30, None),
    ("pmed5", "mclp", 10, 40, None),
    ("pmed5", "mclp", 20, 30, None),
    ("pmed1", "lscp", None, 40, None),
    ("pmed1", "lscp", None, 50, None),
    ("pmed1", "lscp", None, 60, None),
    ("pmed1", "lscp", None, 70, None),
    ("pmed5", "lscp", None, 40, None),
    ("pmed5", "lscp", None, 60, None),
    ("pmed5", "lscp", None, 80, None),
    ("pmed1", "cflp", None, None, False),
    ("pmed1", "cflp", None, None, True),
    ("pmed5", "cflp", None, None, False),
    ("pmed5", "cflp", None, None, True),
]


def capacities(n):
    return np.array([7.5 + 2 * (j % 5) for j in range(n)], dtype=float)


def fixed_costs(n):
    return np.array([200 + 25 * (j % 7) for j in range(n)], dtype=float)


SOLVERS = {
    "HiGHS": lambda: pulp.HiGHS(msg=False, timeLimit=600),
    "CBC": lambda: pulp.PULP_CBC_CMD(msg=False, timeLimit=600),
}


def solve_spopt(model, cost, p, radius, solver):
    n = cost.shape[0]
    weights = np.ones(n)
    if model == "pmedian":
        m = PMedian.from_cost_matrix(cost, weights, p_facilities=p).solve(solver)
    elif model == "pcenter":
        m = PCenter.from_cost_matrix(cost, p_facilities=p).solve(solver)
    elif model == "mclp":
        m = MCLP.from_cost_matrix(cost, weights, service_radius=radius, p_facilities=p).solve(solver)
    else:
        m = LSCP.from_cost_matrix(cost, service_radius=radius).solve(solver)
    status = pulp.LpStatus[m.problem.status]
    objective = pulp.value(m.problem.objective)
    if model == "mclp":
        # spopt's MCLP objective is the covered weight (weights are 1 here).
        objective = float(round(objective, 6))
    return objective, status


def solve_cflp(cost, single_source, solver):
    """min sum f_j y_j + sum w_i c_ij x_ij; sum_j x_ij = 1; sum_i w_i x_ij <= Q_j y_j;
    x_ij <= y_j; x binary when single-sourced."""
    n, m = cost.shape
    q, f = capacities(m), fixed_costs(m)
    prob = pulp.LpProblem("cflp", pulp.LpMinimize)
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(m)]
    cat = "Binary" if single_source else "Continuous"
    x = [[pulp.LpVariable(f"x{i}_{j}", 0, 1, cat=cat) for j in range(m)] for i in range(n)]
    prob += pulp.lpSum(f[j] * y[j] for j in range(m)) + pulp.lpSum(
        cost[i, j] * x[i][j] for i in range(n) for j in range(m)
    )
    for i in range(n):
        prob += pulp.lpSum(x[i]) == 1
        for j in range(m):
            prob += x[i][j] <= y[j]
    for j in range(m):
        prob += pulp.lpSum(x[i][j] for i in range(n)) <= q[j] * y[j]
    prob.solve(solver)
    return pulp.value(prob.objective), pulp.LpStatus[prob.status]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: reference_locate.py OUTPUT.json")
    costs = {}
    rows = []
    for instance, model, p, radius, single_source in CASES:
        if instance not in costs:
            costs[instance] = read_instance(os.path.join(ORLIB, f"{instance}.txt"))[0]
        cost = costs[instance]
        answers = {}
        for solver_name, solver in SOLVERS.items():
            start = time.perf_counter()
            if model == "cflp":
                objective, status = solve_cflp(cost, single_source, solver())
            else:
                objective, status = solve_spopt(model, cost, p, radius, solver())
            seconds = time.perf_counter() - start
            label = f"{instance} {model} p={p} radius={radius} single_source={single_source} {solver_name}"
            print(f"{label}: {objective} {status} ({seconds:.1f} s)", file=sys.stderr)
            if status != "Optimal":
                sys.exit(f"{label}: {status}, nothing written")
            answers[solver_name] = round(objective, 6)
        if len(set(answers.values())) != 1:
            sys.exit(f"{instance} {model} p={p} radius={radius}: the solvers disagree: {answers}")
        tool = ("PuLP formulation in this script" if model == "cflp" else "PySAL spopt") + "; HiGHS and CBC agree"
        row = {"instance": instance, "model": model, "objective": answers["HiGHS"], "tool": tool}
        if p is not None:
            row["p"] = p
        if radius is not None:
            row["radius"] = radius
        if single_source is not None:
            row["single_source"] = single_source
        rows.append(row)
    versions = {name: importlib.metadata.version(name) for name in ["spopt", "pulp", "highspy", "numpy", "scipy"]}
    versions["cbc"] = "bundled with pulp " + versions["pulp"]
    with open(sys.argv[1], "w") as f:
        json.dump({
            "source": "scripts/reference_locate.py: OR-Library pmed1 and pmed5, shortest-path costs, "
                      "unit weights; CFLP capacity 7.5 + 2 (j mod 5), fixed cost 200 + 25 (j mod 7)",
            "versions": versions,
            "cases": rows,
        }, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
