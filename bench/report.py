"""Results: ratios to the floor, the issue's targets, the printed table and the JSON."""

import json
from datetime import datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).with_name("results")
SQL_LIMIT = 6
LARGE_SMALL_LIMIT = 1.2
SEARCH_P50_LIMIT_MS = 20
SEED_LIMIT_S = 120
RSS_LIMIT_MB = 120


def evaluate(results: dict, routes) -> None:
    """Add floor ratios, large/small p50 ratios and the targets to the results."""
    for data_set in results["sets"]:
        floor_rps = data_set["floor"]["rps"]
        for row in measured(data_set):
            row["floor_ratio"] = round(row["rps"] / floor_rps, 3) if floor_rps else None
    by_name = {s["name"]: s for s in results["sets"]}
    results["large_small_p50"] = {}
    if "small" in by_name and "large" in by_name:
        small = {r["name"]: r for r in measured(by_name["small"])}
        for row in measured(by_name["large"]):
            if row["name"] in small and small[row["name"]]["p50_ms"]:
                ratio = round(row["p50_ms"] / small[row["name"]]["p50_ms"], 2)
                results["large_small_p50"][row["name"]] = row["large_small_p50"] = ratio
    results["targets"] = targets(results, routes, by_name)


def measured(data_set: dict) -> list[dict]:
    return [r for r in data_set["routes"] if r["status"] == "ok"]


def _verdict(checks: list[bool]) -> str:
    if not checks:
        return "N/A"
    return "MET" if all(checks) else "NOT MET"


def targets(results: dict, routes, by_name: dict) -> list[dict]:
    out = []
    for route in (r for r in routes if r.floor_share):
        values = [
            (s["name"], row["floor_ratio"])
            for s in results["sets"]
            for row in measured(s)
            if row["name"] == route.name and row["floor_ratio"] is not None
        ]
        out.append(
            {
                "target": f"{route.name}: req/s ≥ {route.floor_share:.0%} of the floor",
                "status": _verdict([v >= route.floor_share for _, v in values]),
                "detail": ", ".join(f"{n} {v:.0%}" for n, v in values)
                or "not measured",
            }
        )
    ls = results["large_small_p50"]
    out.append(
        {
            "target": f"large/small p50 ≤ {LARGE_SMALL_LIMIT} on every route",
            "status": _verdict([v <= LARGE_SMALL_LIMIT for v in ls.values()]),
            "detail": ", ".join(f"{k} {v:.2f}" for k, v in ls.items())
            or "needs both sets",
        }
    )
    sql = {}
    for s in results["sets"]:
        for row in measured(s):
            if row.get("sql") is not None:
                sql[row["name"]] = max(sql.get(row["name"], 0), row["sql"])
    out.append(
        {
            "target": f"≤ {SQL_LIMIT} SQL statements per request on every route",
            "status": _verdict([v <= SQL_LIMIT for v in sql.values()]),
            "detail": ", ".join(f"{k} {v}" for k, v in sql.items()) or "not measured",
        }
    )
    large = by_name.get("large")
    search = [r for r in measured(large) if r["name"] == "search"] if large else []
    out.append(
        {
            "target": f"search p50 ≤ {SEARCH_P50_LIMIT_MS} ms on the large set",
            "status": _verdict([r["p50_ms"] <= SEARCH_P50_LIMIT_MS for r in search]),
            "detail": ", ".join(f"{r['p50_ms']:.1f} ms" for r in search)
            or "not measured",
        }
    )
    seed = large.get("seed_seconds") if large else None
    out.append(
        {
            "target": f"seeding the large set ≤ {SEED_LIMIT_S} s",
            "status": _verdict([] if seed is None else [seed <= SEED_LIMIT_S]),
            "detail": "not seeded"
            if seed is None
            else f"{seed:.1f} s"
            + (" (seeded by an earlier run)" if large.get("reused") else ""),
        }
    )
    peaks = [
        (s["name"], r["name"], r["peak_rss_mb"])
        for s in results["sets"]
        for r in measured(s)
        if r.get("peak_rss_mb")
    ]
    top = max(peaks, key=lambda p: p[2], default=None)
    out.append(
        {
            "target": f"server peak RSS ≤ {RSS_LIMIT_MB} MB under load",
            "status": _verdict([p[2] <= RSS_LIMIT_MB for p in peaks]),
            "detail": f"{top[2]:.0f} MB ({top[0]}, {top[1]})"
            if top
            else "not measured",
        }
    )
    return out


def _num(value, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def set_table(data_set: dict) -> str:
    sizes = ", ".join(f"{v:,} {k}" for k, v in data_set["sizes"].items())
    seed = data_set.get("seed_seconds")
    how = "reused" if data_set.get("reused") else f"seeded in {_num(seed, '.1f')} s"
    floor = data_set["floor"]
    lines = [
        f"{data_set['name']} data set ({sizes}; {data_set['database']}, {how})",
        f"floor (Flask hello world): {floor['rps']:,.0f} req/s "
        f"(before {floor['before']['rps']:,.0f}, after {floor['after']['rps']:,.0f}), "
        f"p50 {floor['before']['p50_ms']:.2f} ms",
        f"{'route':<15}{'endpoint':<22}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'non-2xx':>9}{'×floor':>8}{'L/S p50':>9}{'SQL':>5}{'RSS MB':>8}",
    ]
    for row in data_set["routes"]:
        head = f"{row['name']:<15}{(row.get('endpoint') or '—'):<22}"
        if row["status"] != "ok":
            lines.append(f"{head}{row['status']}")
            continue
        lines.append(
            f"{head}{row['rps']:>8,.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['non_2xx']:>9}{_num(row.get('floor_ratio'), '.0%'):>8}"
            f"{_num(row.get('large_small_p50'), '.2f'):>9}"
            f"{_num(row.get('sql'), 'd'):>5}"
            f"{_num(row.get('peak_rss_mb'), '.0f'):>8}"
        )
    return "\n".join(lines)


def machine_line(results: dict) -> str:
    m, load = results["machine"], results["load_average"]
    line = (
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python "
        f"{m['python']}, waitress {m['waitress']}, {m['wrk']}; commit {m['commit']}"
        f"{' (dirty)' if m['dirty'] else ''}. Load average {load['start']:.2f} at "
        f"start, {load.get('end', 0):.2f} at end."
    )
    if load["start"] >= (m["cores"] or 1) / 2:
        line += (
            "\nThe machine was busy before the run started: absolute numbers are"
            " low and noisy; the ratios to the floor hold better."
        )
    return line


def render(results: dict) -> str:
    parts = [machine_line(results)] + [set_table(s) for s in results["sets"]]
    title = "Targets (issue 7)"
    if results["settings"]["smoke"]:
        title += " — smoke run on tiny data: informational only"
    lines = [title]
    for t in results.get("targets", []):
        lines.append(f"  {t['status']:<8} {t['target']}: {t['detail']}")
    parts.append("\n".join(lines))
    if results["failures"]:
        parts.append("BROKEN:\n" + "\n".join(f"  - {f}" for f in results["failures"]))
    return "\n\n".join(parts)


def save(results: dict, directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kind = (
        f"{results['settings']['db']}{'-smoke' if results['settings']['smoke'] else ''}"
    )
    path = directory / f"{stamp}-{kind}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path
