#!/usr/bin/env python3
"""Extracts Vietnam's outline (with its islands) from the npm package `world-atlas` 2.0.2
(Natural Earth 1:10m admin-0 countries, public domain; the package is ISC-licensed), simplifies
it and writes datasets/units/vietnam_outline.txt. Standard library only.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/outline_from_world_atlas.py package/countries-10m.json

Output: one ring per line, "lon lat;lon lat;..." (5 decimals), outer rings only (the 10m
outline of Vietnam has no holes), largest first. Simplified by Douglas-Peucker with a
tolerance of 0.005 degrees (about 500 m); islands smaller than the tolerance are kept as
they are.
"""
import json
import math
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets", "units", "vietnam_outline.txt")
TOLERANCE = 0.005


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs, indices):
    pts = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(arc if not pts else arc[1:])
    return pts


def simplify(pts, tol):
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, at = -1.0, None
        for i in range(a + 1, b):
            x, y = pts[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm > 0 else math.hypot(x - x1, y - y1)
            if d > best:
                best, at = d, i
        if at is not None and best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    out = [p for p, k in zip(pts, keep) if k]
    return out if len(out) >= 4 else pts


def area(pts):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]))) / 2


def main(path):
    topo = json.load(open(path))
    arcs = decode_arcs(topo)
    vn = next(g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == "704")
    polygons = vn["arcs"] if vn["type"] == "MultiPolygon" else [vn["arcs"]]
    rings = [simplify(ring(arcs, poly[0]), TOLERANCE) for poly in polygons]
    assert all(len(poly) == 1 for poly in polygons), "holes are not expected"
    rings.sort(key=area, reverse=True)
    with open(OUT, "w") as f:
        for r in rings:
            f.write(";".join(f"{x:.5f} {y:.5f}" for x, y in r) + "\n")
    print(f"{len(rings)} rings, {sum(len(r) for r in rings)} points, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
