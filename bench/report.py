"""Results: the printed tables and targets, and the JSON file."""

import json
from datetime import datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).with_name("results")


def _num(value, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def set_table(data_set: dict) -> str:
    sizes = ", ".join(f"{v:,} {k}" for k, v in data_set["sizes"].items())
    seed = data_set.get("seed_seconds")
    how = "reused" if data_set.get("reused") else f"seeded in {_num(seed, '.1f')} s"
    lines = [
        f"{data_set['name']} data set ({sizes}; {data_set['database']}, {how})",
        f"{'route':<14}{'endpoint':<18}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'non-2xx':>8}{'×floor':>7}{'L/S p50':>8}{'SQL':>4}{'CPU ms':>7}"
        f"{'×fl CPU':>8}{'RSS MB':>7}{'cache':>6}",
    ]
    for row in data_set["routes"]:
        head = f"{row['name']:<14}{(row.get('endpoint') or '—'):<18}"
        if row["status"] != "ok":
            lines.append(f"{head}{row['status']}")
            continue
        lines.append(
            f"{head}{row['rps']:>7,.0f}{row['p50_ms']:>8.2f}{row['p99_ms']:>8.2f}"
            f"{row['non_2xx']:>8}{_num(row.get('floor_ratio'), '.0%'):>7}"
            f"{_num(row.get('large_small_p50'), '.2f'):>8}"
            f"{_num(row.get('sql'), 'd'):>4}{_num(row.get('cpu_ms'), '.2f'):>7}"
            f"{_num(row.get('floor_cpu_ratio'), '.0%'):>8}"
            f"{_num(row.get('peak_rss_mb'), '.0f'):>7}"
            f"{row.get('cache', '—'):>6}"
        )
    return "\n".join(lines)


def scenario_table(scenarios: dict) -> str:
    """The scenarios with both floors of the same run."""
    first = next((r for r in scenarios["rows"] if r["status"] == "ok"), {})
    lines = [
        f"Scenarios on the {scenarios['set']} set ({scenarios['pages']:,} pages in"
        f" the spread). Floors around them: hello world"
        f" {_num(first.get('hello_rps'), ',.0f')} req/s, minimal one-query page"
        f" {_num(first.get('minimal_rps'), ',.0f')} req/s",
        f"{'scenario':<16}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'non-2xx':>8}"
        f"{'×hello':>7}{'×minimal':>9}{'CPU ms':>7}{'writes':>7}{'cache':>6}",
    ]
    for row in scenarios["rows"]:
        if row["status"] != "ok":
            lines.append(f"{row['name']:<16}{row['status']}")
            continue
        lines.append(
            f"{row['name']:<16}{row['rps']:>7,.0f}{row['p50_ms']:>8.2f}"
            f"{row['p99_ms']:>8.2f}{row['non_2xx']:>8}"
            f"{_num(row.get('x_hello'), '.0%'):>7}"
            f"{_num(row.get('x_minimal'), '.0%'):>9}"
            f"{_num(row.get('cpu_ms'), '.2f'):>7}{row.get('writes', ''):>7}"
            f"{row.get('cache', '—'):>6}"
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
            " low and noisy; the CPU columns hold better than req/s and p50."
        )
    return line


def floor_line(floor: dict) -> str:
    samples = floor["samples"]
    if not samples:
        return "Floor (Flask hello world): not measured"
    spread = ", ".join(f"{s['rps']:,.0f}" for s in samples)
    return (
        f"Floor (Flask hello world, same waitress settings): mean {floor['rps']:,.0f}"
        f" req/s, CPU {_num(floor['cpu_ms'], '.3f')} ms/request; samples between"
        f" routes: {spread} req/s. Each ×floor uses the samples around its route."
    )


def render(results: dict) -> str:
    cache = results["settings"].get("page_cache", "on")
    parts = [
        machine_line(results)
        + f"\nPage cache: {cache}."
        + "\n"
        + floor_line(results["floor"])
    ]
    parts += [set_table(s) for s in results["sets"]]
    if results.get("scenarios"):
        parts.append(scenario_table(results["scenarios"]))
    title = "Targets"
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
