"""The order of measurements: routes interleaved across data sets, floor between.

The machine is small and shared, so its speed drifts over minutes. Numbers
that are compared are therefore taken close together: a route's runs on each
data set back to back (in ABBA order when repeated), and its ratio to the
floor against the floor samples taken just before and just after it.
"""

from bench.load import LoadSettings, measure, warm_up
from bench.measure import say
from bench.servers import Server, ServerError


def _mean(*values):
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


class Floor:
    """A floor app (hello world, or the minimal page), sampled between runs."""

    def __init__(self, server: Server, settings: LoadSettings, name="floor"):
        self.server, self.settings, self.samples = server, settings, []
        self.name = name

    def sample(self) -> dict:
        status, _headers, _body = self.server.fetch("/")
        if status != 200:
            raise ServerError(f"the {self.name} app answered {status}")
        url = self.server.url("/")
        if not self.samples:
            warm_up(url, self.settings)
        result = measure(url, self.settings, cpu_clock=self.server.cpu_seconds)
        self.samples.append(result.as_dict())
        say(f"   {self.name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms")
        return self.samples[-1]

    def summary(self) -> dict:
        return {
            "samples": self.samples,
            "rps": _mean(*(s["rps"] for s in self.samples)),
            "cpu_ms": _mean(*(s["cpu_ms"] for s in self.samples)),
        }


def measure_routes(apps, floor: Floor, routes, settings: LoadSettings) -> None:
    """Each route on every app in turn; a floor sample before and after each."""
    before = floor.sample()
    for index, route in enumerate(routes):
        rows = [(app, app.prepare_route(route, settings)) for app in apps]
        if all(row["status"] == "not available" for _, row in rows):
            say(f"   {route.name}: not available (no URL rule matches {route.path})")
        ready = [(app, row, []) for app, row in rows if row["status"] == "ready"]
        if not ready:
            continue
        for round_ in range(settings.repeat):
            # Alternate who goes first: with two rounds this is ABBA.
            order = ready if (index + round_) % 2 == 0 else ready[::-1]
            for app, row, runs in order:
                if row["status"] == "ready":
                    result = app.load_route(row, settings)
                    if result is not None:
                        runs.append(result)
        for app, row, runs in ready:
            if row["status"] == "ready":
                app.finish_route(row, runs)
        after = floor.sample()
        for _, row, _ in ready:
            row["floor_rps"] = _mean(before["rps"], after["rps"])
            row["floor_cpu_ms"] = _mean(before["cpu_ms"], after["cpu_ms"])
        before = after
