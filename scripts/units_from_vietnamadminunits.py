#!/usr/bin/env python3
"""Converts the data of the PyPI package `vietnamadminunits` (MIT licence) into the compact
tables under datasets/units/ that tvetplan embeds. Standard library only.

    pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/vau
    python3 scripts/units_from_vietnamadminunits.py /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl

Writes provinces_2025.csv, communes_2025.csv, legacy_provinces.csv, legacy_districts.csv,
legacy_communes.csv, legacy_to_2025.csv (see
datasets/units/README.md for the columns and the rules).
"""
import csv
import io
import json
import os
import sqlite3
import sys
import tempfile
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets", "units")

KIND_2025 = {"Xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu"}
KIND_LEGACY = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}


def write(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows, {os.path.getsize(path)} bytes")


def coord(x):
    return "" if x is None else f"{x:.4f}".rstrip("0").rstrip(".")


def main(wheel):
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        db_path = os.path.join(tmp, "dataset.db")
        with open(db_path, "wb") as f:
            f.write(z.read("vietnamadminunits/data/dataset.db"))
        converter = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
        db = sqlite3.connect(db_path)
        new = db.execute(
            "select provinceCode, province, provinceShort, provinceLat, provinceLon, provinceKey, "
            "wardCode, ward, wardType, wardLat, wardLon, wardAreaKm2, wardKey "
            "from admin_units order by provinceCode, wardCode"
        ).fetchall()
        old = db.execute(
            "select provinceCode, province, provinceKey, districtCode, district, districtKey, "
            "wardCode, ward, wardType, wardLat, wardLon, wardKey "
            "from admin_units_legacy where wardCode is not null order by wardCode"
        ).fetchall()

    provinces = {}
    for p_code, p_name, p_short, p_lat, p_lon, *_ in new:
        provinces[p_code] = (p_code, p_name, p_short, coord(p_lat), coord(p_lon))
    write("provinces_2025.csv", ["code", "name", "short_name", "lat", "lon"], sorted(provinces.values()))

    communes = []
    new_by_key = {}
    for p_code, _, _, _, _, p_key, w_code, w_name, w_type, w_lat, w_lon, w_area, w_key in new:
        communes.append([w_code, w_name, KIND_2025[w_type], p_code, coord(w_lat), coord(w_lon), w_area if w_area is not None else ""])
        new_by_key[(p_key, w_key)] = (w_code, w_area)
    write("communes_2025.csv", ["code", "name", "kind", "province", "lat", "lon", "area_km2"], communes)

    legacy = []
    old_by_key = {}
    districts = {}
    old_provinces = {}
    for p_code, p_name, p_key, d_code, d_name, d_key, w_code, w_name, w_type, w_lat, w_lon, w_key in old:
        legacy.append([w_code, w_name, KIND_LEGACY[w_type], d_code, coord(w_lat), coord(w_lon)])
        districts[d_code] = (d_code, d_name, p_code)
        old_provinces[p_code] = (p_code, p_name)
        old_by_key[f"{p_key}_{d_key}_{w_key}"] = w_code
    write("legacy_provinces.csv", ["code", "name"], sorted(old_provinces.values()))
    write("legacy_districts.csv", ["code", "name", "province"], sorted(districts.values()))
    write("legacy_communes.csv", ["code", "name", "kind", "district", "lat", "lon"], legacy)

    # old code -> new code(s). A commune carried whole into one new commune has share 1; one
    # divided between several gets shares proportional to the new communes' areas (the only
    # area the source gives; it does not give the areas of the pieces).
    mapping = []
    unmatched = []
    for new_p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w_key, old_keys in wards.items():
            target = new_by_key.get((new_p_key, new_w_key))
            for old_key in old_keys:
                code = old_by_key.get(old_key)
                if target is None or code is None:
                    unmatched.append((old_key, new_p_key, new_w_key))
                    continue
                mapping.append([code, target[0], "1", "true"])
    for new_p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            code = old_by_key.get(old_key)
            targets = [(new_by_key.get((new_p_key, p["newWardKey"])), p) for p in parts]
            if code is None or any(t is None for t, _ in targets):
                unmatched.append((old_key, new_p_key, [p["newWardKey"] for p in parts]))
                continue
            total = sum(t[1] for t, _ in targets)
            for t, p in targets:
                mapping.append([code, t[0], f"{t[1] / total:.6f}", "true" if p["isDefaultNewWard"] else "false"])
    mapping.sort()
    seen = set()
    rows = []
    for r in mapping:
        if (r[0], r[1]) not in seen:
            seen.add((r[0], r[1]))
            rows.append(r)
    write("legacy_to_2025.csv", ["old", "new", "share", "default"], rows)
    olds = {r[0] for r in rows}
    print(f"old communes mapped: {len(olds)} of {len(legacy)}; unmatched entries: {len(unmatched)}")
    for u in unmatched:
        print("  unmatched:", u)


if __name__ == "__main__":
    main(sys.argv[1])
