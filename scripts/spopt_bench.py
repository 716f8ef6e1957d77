#!/usr/bin/env python3
"""PySAL spopt on the OR-Library p-median instances, for comparison with tvetplan.

Prints one JSON object per line: instance, solver, objective, seconds (building the model
from the cost matrix and solving it, as a spopt user would), status.

    python spopt_bench.py benches/orlib [--time-limit S] [--only pmed1,pmed5] [--solver cbc|highs]
"""
import json
import sys
import time

import numpy as np
import pulp
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import shortest_path
from spopt.locate import PMedian


def read_instance(path):
    with open(path) as f:
        numbers = [int(t) for t in f.read().split()]
    n, m, p = numbers[:3]
    dense = np.zeros((n, n))
    edges = numbers[3:]
    for k in range(min(m, len(edges) // 3)):
        i, j, c = edges[3 * k:3 * k + 3]
        if i != j:
            dense[i - 1, j - 1] = c
            dense[j - 1, i - 1] = c
    cost = shortest_path(csr_matrix(dense), method="D", directed=False)
    return cost, p


def main():
    folder = sys.argv[1]
    args = sys.argv[2:]
    value = lambda flag, default: args[args.index(flag) + 1] if flag in args else default
    limit = float(value("--time-limit", "300"))
    only = value("--only", None)
    solver_name = value("--solver", "cbc")
    with open(f"{folder}/optima.csv") as f:
        rows = [line.strip().split(",") for line in f.readlines()[1:]]
    for name, n, p, optimum in rows:
        if only and name not in only.split(","):
            continue
        cost, p = read_instance(f"{folder}/{name}.txt")
        weights = np.ones(cost.shape[0])
        solver = (pulp.HiGHS(msg=False, timeLimit=limit) if solver_name == "highs"
                  else pulp.PULP_CBC_CMD(msg=False, timeLimit=limit))
        start = time.perf_counter()
        model = PMedian.from_cost_matrix(cost, weights, p_facilities=p, name=name)
        try:
            model = model.solve(solver)
            status = pulp.LpStatus[model.problem.status]
        except (RuntimeError, pulp.PulpSolverError):
            # spopt raises when the solver stops at the time limit without a proven optimum.
            status = "TimeLimit"
        seconds = time.perf_counter() - start
        print(json.dumps({
            "instance": name,
            "solver": f"spopt+{solver_name}",
            "objective": pulp.value(model.problem.objective),
            "seconds": seconds,
            "status": status,
        }), flush=True)


if __name__ == "__main__":
    main()
