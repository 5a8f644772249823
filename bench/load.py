"""Load generation: wrk at fixed concurrency for a fixed time, read back as numbers."""

import json
import shutil
import statistics
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

WRK = shutil.which("wrk") or "/usr/bin/wrk"
REPORT_SCRIPT = Path(__file__).with_name("wrk_report.lua")
SPREAD_SCRIPT = Path(__file__).with_name("spread.lua")
# A browser's user agent: the app does not count views from bots (wrk included).
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


class LoadError(RuntimeError):
    """wrk could not run or reported nothing."""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int  # responses >= 400 (the probe before the run rejects 3xx)
    socket_errors: int  # connect, read and write errors
    timeouts: int
    # Server CPU seconds during the run(s): per request, steadier than req/s
    # when others share the machine.
    cpu_s: float | None = None
    runs: int = 1

    @property
    def cpu_ms(self) -> float | None:
        if self.cpu_s is None or not self.requests:
            return None
        return self.cpu_s * 1000 / self.requests

    def as_dict(self) -> dict:
        values = {**asdict(self), "cpu_ms": self.cpu_ms}
        return {
            k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()
        }


@dataclass(frozen=True)
class LoadSettings:
    connections: int = 16
    threads: int = 1
    seconds: int = 10
    warmup: int = 2
    repeat: int = 1


def wrk_version() -> str:
    if not Path(WRK).exists():
        return ""
    run = subprocess.run(
        [WRK, "--version"], capture_output=True, text=True, check=False
    )
    return (run.stdout or run.stderr).splitlines()[0].split(" Copyright")[0].strip()


@dataclass(frozen=True)
class Spread:
    """Paths for bench/spread.lua: each request takes one at random."""

    paths_file: Path
    in_order: bool = False

    def args(self) -> list[str]:
        return ["--", str(self.paths_file), "in-order" if self.in_order else "random"]

    def script(self, directory: Path) -> Path:
        """spread.lua with the report hook appended (wrk takes one script)."""
        combined = directory / "spread-report.lua"
        combined.write_text(SPREAD_SCRIPT.read_text() + REPORT_SCRIPT.read_text())
        return combined


def run_wrk(  # noqa: PLR0913
    url: str, seconds: int, settings: LoadSettings, headers=(), spread=None
) -> LoadResult:
    """One wrk run; seconds must be whole (wrk's own unit)."""
    script = REPORT_SCRIPT
    if spread is not None:
        script = spread.script(spread.paths_file.parent)
    command = [
        WRK,
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={script}",
        "--header",
        f"User-Agent: {USER_AGENT}",
    ]
    for header in headers:
        command += ["--header", header]
    try:
        run = subprocess.run(
            [*command, url, *(spread.args() if spread else [])],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise LoadError(f"wrk failed to run: {err}") from err
    line = next(
        (ln for ln in run.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None
    )
    if run.returncode != 0 or line is None:
        raise LoadError(f"wrk exited {run.returncode}: {run.stderr.strip()[-500:]}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    elapsed = raw["duration_us"] / 1e6
    return LoadResult(
        requests=raw["requests"],
        seconds=elapsed,
        rps=raw["requests"] / elapsed if elapsed else 0.0,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        non_2xx=raw["status_errors"],
        socket_errors=raw["connect_errors"] + raw["read_errors"] + raw["write_errors"],
        timeouts=raw["timeouts"],
    )


def warm_up(url: str, settings: LoadSettings, headers=(), spread=None) -> None:
    """Load the route briefly and throw the numbers away (pools, lazy imports)."""
    if settings.warmup > 0:
        run_wrk(url, settings.warmup, settings, headers, spread)


def load_once(url, settings: LoadSettings, headers=(), cpu_clock=None, spread=None):
    """One measured run; cpu_clock() (the server's CPU seconds) adds its CPU time."""
    cpu_start = cpu_clock() if cpu_clock else None
    result = run_wrk(url, settings.seconds, settings, headers, spread)
    if cpu_start is not None:
        cpu_end = cpu_clock()
        if cpu_end is not None:
            result.cpu_s = cpu_end - cpu_start
    return result


def combine(runs: list[LoadResult]) -> LoadResult:
    """Several runs as one: medians of the rates and latencies, sums of the errors.

    With two runs taken in ABBA order the medians are means, which cancels a
    machine getting steadily busier or quieter during the measurement.
    """

    def median(field):
        return statistics.median(getattr(r, field) for r in runs)

    requests = sum(r.requests for r in runs)
    cpu = [r.cpu_s for r in runs]
    return LoadResult(
        requests=requests,
        seconds=sum(r.seconds for r in runs),
        rps=median("rps"),
        p50_ms=median("p50_ms"),
        p90_ms=median("p90_ms"),
        p99_ms=median("p99_ms"),
        max_ms=max(r.max_ms for r in runs),
        non_2xx=sum(r.non_2xx for r in runs),
        socket_errors=sum(r.socket_errors for r in runs),
        timeouts=sum(r.timeouts for r in runs),
        cpu_s=sum(cpu) if None not in cpu else None,
        runs=len(runs),
    )


def measure(url: str, settings: LoadSettings, headers=(), cpu_clock=None) -> LoadResult:
    """settings.repeat runs in a row, combined."""
    return combine(
        [load_once(url, settings, headers, cpu_clock) for _ in range(settings.repeat)]
    )
