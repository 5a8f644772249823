"""The issue's targets, checked against a run: ratios first, then MET / NOT MET."""

SQL_LIMIT = 6
LARGE_SMALL_LIMIT = 1.2
SEARCH_P50_LIMIT_MS = 20
SEED_LIMIT_S = 120
RSS_LIMIT_MB = 120
WRITER_SHARE = 0.80  # spread with a writer / spread
SIGNED_IN_SHARE = 0.50  # signed-in pages / the minimal one-query page


def measured(data_set: dict) -> list[dict]:
    return [r for r in data_set["routes"] if r["status"] == "ok"]


def _ratio(top, bottom, digits=3):
    return round(top / bottom, digits) if top and bottom else None


def evaluate(results: dict, routes) -> None:
    """Add ratios to the floor and large/small ratios, then the target verdicts."""
    for data_set in results["sets"]:
        for row in measured(data_set):
            # Against the floor samples taken just before and after this route.
            row["floor_ratio"] = _ratio(row["rps"], row.get("floor_rps"))
            # The ratio if CPU were the only limit: steadier on a busy machine.
            row["floor_cpu_ratio"] = _ratio(row.get("floor_cpu_ms"), row.get("cpu_ms"))
    by_name = {s["name"]: s for s in results["sets"]}
    results["large_small_p50"], results["large_small_cpu"] = {}, {}
    if "small" in by_name and "large" in by_name:
        small = {r["name"]: r for r in measured(by_name["small"])}
        for row in measured(by_name["large"]):
            if row["name"] not in small:
                continue
            before = small[row["name"]]
            p50 = _ratio(row["p50_ms"], before["p50_ms"], 2)
            row["large_small_p50"] = results["large_small_p50"][row["name"]] = p50
            cpu = _ratio(row.get("cpu_ms"), before.get("cpu_ms"), 2)
            row["large_small_cpu"] = results["large_small_cpu"][row["name"]] = cpu
    results["targets"] = verdicts(results, routes, by_name.get("large"))
    results["targets"] += scenario_verdicts(results.get("scenarios"))


def scenario_verdicts(scenarios: dict | None) -> list[dict]:
    """The writer and signed-in goals, from the scenario rows of the run."""
    if not scenarios:
        return []
    rows = {r["name"]: r for r in scenarios["rows"] if r["status"] == "ok"}
    out = []
    quiet, busy = rows.get("spread"), rows.get("spread_writer")
    share = _ratio(busy["rps"], quiet["rps"]) if quiet and busy else None
    out.append(
        _target(
            f"spread with a writer ≥ {WRITER_SHARE:.0%} of the quiet spread",
            [] if share is None else [share >= WRITER_SHARE],
            "not measured"
            if share is None
            else f"{share:.0%} ({busy['rps']:,.0f} / {quiet['rps']:,.0f} req/s, "
            f"{busy.get('writes', 0)} writes)",
        )
    )
    for name in ("signed_article", "signed_home"):
        row = rows.get(name)
        ratio = row.get("x_minimal") if row else None
        out.append(
            _target(
                f"{name}: ≥ {SIGNED_IN_SHARE:.0%} of the minimal one-query page",
                [] if ratio is None else [ratio >= SIGNED_IN_SHARE],
                "not measured"
                if ratio is None
                else f"{ratio:.0%} ({row['rps']:,.0f} / {row['minimal_rps']:,.0f}"
                " req/s)",
            )
        )
    return out


def _target(text: str, checks: list[bool], detail: str) -> dict:
    status = "N/A" if not checks else "MET" if all(checks) else "NOT MET"
    return {"target": text, "status": status, "detail": detail}


def _fmt(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def verdicts(results: dict, routes, large: dict | None) -> list[dict]:
    rows = [(s["name"], r) for s in results["sets"] for r in measured(s)]
    out = []
    for route in (r for r in routes if r.floor_share):
        mine = [(n, r) for n, r in rows if r["name"] == route.name and r["floor_ratio"]]
        detail = ", ".join(
            f"{n} {r['floor_ratio']:.0%} (CPU {_fmt(r['floor_cpu_ratio'], '.0%')})"
            for n, r in mine
        )
        out.append(
            _target(
                f"{route.name}: ≥ {route.floor_share:.0%} of the floor's req/s",
                [r["floor_ratio"] >= route.floor_share for _, r in mine],
                detail or "not measured",
            )
        )
    p50, cpu = results["large_small_p50"], results["large_small_cpu"]
    out.append(
        _target(
            f"large/small p50 ≤ {LARGE_SMALL_LIMIT} on every route",
            [v <= LARGE_SMALL_LIMIT for v in p50.values() if v is not None],
            ", ".join(
                f"{k} {_fmt(v, '.2f')} (CPU {_fmt(cpu.get(k), '.2f')})"
                for k, v in p50.items()
            )
            or "needs both sets",
        )
    )
    sql = {}
    for _, r in rows:
        if r.get("sql") is not None:
            sql[r["name"]] = max(sql.get(r["name"], 0), r["sql"])
    out.append(
        _target(
            f"≤ {SQL_LIMIT} SQL statements per request on every route",
            [v <= SQL_LIMIT for v in sql.values()],
            ", ".join(f"{k} {v}" for k, v in sql.items()) or "not measured",
        )
    )
    search = [r for r in measured(large) if r["name"] == "search"] if large else []
    out.append(
        _target(
            f"search p50 ≤ {SEARCH_P50_LIMIT_MS} ms on the large set",
            [r["p50_ms"] <= SEARCH_P50_LIMIT_MS for r in search],
            ", ".join(f"{r['p50_ms']:.1f} ms" for r in search) or "not measured",
        )
    )
    seed = large.get("seed_seconds") if large else None
    reused = " (seeded by an earlier run)" if large and large.get("reused") else ""
    out.append(
        _target(
            f"seeding the large set ≤ {SEED_LIMIT_S} s",
            [] if seed is None else [seed <= SEED_LIMIT_S],
            "not seeded" if seed is None else f"{seed:.1f} s{reused}",
        )
    )
    peaks = [(r["peak_rss_mb"], n, r["name"]) for n, r in rows if r.get("peak_rss_mb")]
    top = max(peaks, default=None)
    out.append(
        _target(
            f"server peak RSS ≤ {RSS_LIMIT_MB} MB under load",
            [p[0] <= RSS_LIMIT_MB for p in peaks],
            f"{top[0]:.0f} MB ({top[1]}, {top[2]})" if top else "not measured",
        )
    )
    return out
