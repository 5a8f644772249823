"""A generated corpus of listed sites, each as approved and as it is now.

Every host is made up and answered by the test DNS server with 127.0.0.1;
`Site.before` is served for the first check (the baseline), `Site.after` for
the second. `expected` is what the checker must decide.
"""

import random
import time
from dataclasses import dataclass, field

TRADES = [
    ("bakery", "bread, cakes and pastries", "sourdough loaves"),
    ("bike shop", "bicycles, repairs and parts", "city bikes"),
    ("bookshop", "new and second-hand books", "children's books"),
    ("florist", "flowers for every occasion", "wedding bouquets"),
    ("plumber", "repairs, boilers and bathrooms", "emergency call-outs"),
    ("dentist", "family dentistry and hygiene", "check-ups"),
    ("tailor", "alterations and made-to-measure suits", "wedding dresses"),
    ("garden centre", "plants, seeds and tools", "fruit trees"),
    ("cafe", "coffee, breakfast and lunch", "homemade soup"),
    ("locksmith", "locks, keys and safes", "lockouts"),
]
STREETS = ["Mill Lane", "High Street", "Station Road", "Church Walk", "Quay Street"]
SPAM = (
    "Best online casino bonus free spins jackpot slots win real money tonight "
    "cheap pills replica watches crypto giveaway click here limited offer "
)


def business_page(name: str, trade: tuple, seed: int, tweak: str = "") -> str:
    rng = random.Random(seed)
    kind, offer, special = trade
    street = rng.choice(STREETS)
    years = rng.randint(3, 60)
    paragraphs = [
        f"Welcome to {name}, your local {kind} on {street} for {years} years.",
        f"We offer {offer}, and we are known across town for our {special}.",
        "Our team is friendly, qualified and happy to give advice before you buy.",
        f"Visit us at {rng.randint(1, 99)} {street}, or call us to book a visit.",
        "Opening hours: Monday to Friday 8am to 6pm, Saturday 9am to 4pm.",
        f"Read what our customers say about our {special} and our service.",
        "We deliver within ten miles and offer gift vouchers all year round.",
        f"Ask about our loyalty card: every tenth visit to {name} is on us.",
    ]
    rng.shuffle(paragraphs)
    body = "".join(f"<p>{p}</p>" for p in paragraphs) + (
        f"<p>{tweak}</p>" if tweak else ""
    )
    return (
        f"<html><head><title>{name} – {kind}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<h1>{name}</h1>{body}<footer>© {name}</footer></body></html>"
    )


def html_page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


@dataclass
class Site:
    label: str
    kind: str  # normal | moved | redirect | parked | hijacked | slow | huge
    host: str
    expected: str  # what the checker decides on the second look
    before: dict = field(default_factory=dict)  # path -> (status, headers, body)
    after: dict = field(default_factory=dict)
    dns: dict = field(default_factory=dict)  # extra (name, type) -> values
    delay: float = 0.0  # seconds before answering (after the baseline)


PARKING_PAGES = {
    "for sale (marketplace)": (
        "{host} is for sale",
        "<h1>This domain is for sale!</h1><p>Make an offer today.</p>",
    ),
    "buy now (broker)": (
        "{host}",
        "<h2>Buy this domain</h2><p>Secure checkout, fast transfer.</p>",
    ),
    "pay-per-click (related searches)": (
        "{host}",
        "<p>Related searches: cheap flights, insurance, loans</p>"
        "<p>This domain may be for sale. Inquire now.</p>",
    ),
    "expired (registrar)": (
        "{host} expired",
        "<p>This domain has expired. If you are the owner, renew it now.</p>",
    ),
    "parked (registrar courtesy)": (
        "Welcome to {host}",
        "<p>This web page is parked FREE, courtesy of a domain registrar.</p>",
    ),
}


def build() -> list[Site]:
    sites: list[Site] = []
    n = 0

    def host_for(kind):
        nonlocal n
        n += 1
        return f"{kind}-{n}-shop.com"

    def page(name, trade, seed, tweak=""):
        return {"/": (200, {}, business_page(name, trade, seed, tweak))}

    for i, trade in enumerate(TRADES[:8]):
        host = host_for("normal")
        name = f"{trade[0].title()} {i}"
        tweak = ["", "New: gift vouchers online.", "Closed on 24 December.", ""][i % 4]
        sites.append(
            Site(
                f"normal {trade[0]}" + (" (small edit)" if tweak else ""),
                "normal",
                host,
                "ok",
                page(name, trade, i),
                page(name, trade, i, tweak),
            )
        )
    for i, (label, target) in enumerate(
        [
            ("to /en/", "/en/"),
            ("to www.", "www"),
            ("to /home", "/home"),
            ("to a shop. subdomain", "shop"),
            ("two hops in the domain", "/a"),
        ]
    ):
        host = host_for("moved")
        trade, name = TRADES[i], f"Moved {TRADES[i][0]}"
        before = page(name, trade, 100 + i)
        content = before["/"]
        if target == "www":
            after = {"/": (301, {"Location": f"http://www.{host}:{{port}}/"}, "")}
            dns = {(f"www.{host}", "A"): ["127.0.0.1"]}
            extra = {("www." + host, "/"): content}
        elif target == "shop":
            after = {"/": (302, {"Location": f"http://shop.{host}:{{port}}/"}, "")}
            dns = {(f"shop.{host}", "A"): ["127.0.0.1"]}
            extra = {("shop." + host, "/"): content}
        elif target == "/a":
            after = {
                "/": (301, {"Location": "/a"}, ""),
                "/a": (302, {"Location": "/b"}, ""),
                "/b": content,
            }
            dns, extra = {}, {}
        else:
            after = {"/": (301, {"Location": target}, ""), target: content}
            dns, extra = {}, {}
        site = Site(f"moved {label}", "moved", host, "moved", before, after, dns)
        site.other_hosts = extra
        sites.append(site)
    for i, target in enumerate(
        [
            "bakery-bargains.net",
            "casino-winner.bet",
            "newowner.co.uk",
            "spam-pharmacy.org",
            "link-farm.info",
        ]
    ):
        host = host_for("redirect")
        trade, name = TRADES[i], f"Redirected {TRADES[i][0]}"
        after = {"/": (301, {"Location": f"http://{target}:{{port}}/"}, "")}
        site = Site(
            f"redirect to {target}",
            "redirect",
            host,
            "redirect",
            page(name, trade, 200 + i),
            after,
            {(target, "A"): ["127.0.0.1"]},
        )
        site.other_hosts = {
            (target, "/"): (200, {}, "<title>Elsewhere</title><p>Hi</p>")
        }
        sites.append(site)
    for i, (label, (title, body)) in enumerate(PARKING_PAGES.items()):
        host = host_for("parked")
        trade = TRADES[i]
        html = html_page(title.format(host=host), body)
        sites.append(
            Site(
                f"parked: {label}",
                "parked",
                host,
                "parked",
                page(f"Parked {trade[0]}", trade, 300 + i),
                {"/": (200, {}, html)},
            )
        )
    host = host_for("parked")
    after = {"/": (302, {"Location": "http://sedoparking.com:{port}/lander"}, "")}
    site = Site(
        "parked: redirect to a parking service",
        "parked",
        host,
        "parked",
        page("Parked cafe", TRADES[8], 310),
        after,
        {("sedoparking.com", "A"): ["127.0.0.1"]},
    )
    site.other_hosts = {
        ("sedoparking.com", "/lander"): (200, {}, "<title>Lander</title><p>Ads</p>")
    }
    sites.append(site)
    host = host_for("parked")
    generic = html_page("Welcome", "<p>Ads and links</p>")
    sites.append(
        Site(
            "parked: parking name servers",
            "parked",
            host,
            "parked",
            page("Parked locksmith", TRADES[9], 320),
            {"/": (200, {}, generic)},
            {(host, "NS"): ["ns1.sedoparking.com", "ns2.sedoparking.com"]},
        )
    )
    for i, label in enumerate(
        [
            "casino spam",
            "pharmacy spam",
            "foreign shop",
            "crypto scam",
            "template kept, body replaced",
        ]
    ):
        host = host_for("hijacked")
        trade, name = TRADES[i], f"Hijacked {TRADES[i][0]}"
        rng = random.Random(400 + i)
        words = SPAM.split()
        spam = " ".join(rng.choice(words) for _ in range(220))
        if i == 4:
            html = (
                f"<html><head><title>{name} – {trade[0]}</title></head><body>"
                f"<nav><a href='/'>Home</a></nav><h1>{name}</h1><p>{spam}</p>"
                f"<footer>© {name}</footer></body></html>"
            )
        else:
            html = html_page(label.title(), f"<p>{spam}</p>")
        sites.append(
            Site(
                f"hijacked: {label}",
                "hijacked",
                host,
                "drift",
                page(name, trade, 400 + i),
                {"/": (200, {}, html)},
            )
        )
    for i in range(2):
        host = host_for("slow")
        content = page(f"Slow {TRADES[i][0]}", TRADES[i], 500 + i)
        sites.append(
            Site(
                f"slow ({i + 1})", "slow", host, "failing", content, content, delay=3.5
            )
        )
    for i in range(2):
        host = host_for("huge")
        base = business_page(f"Huge {TRADES[i][0]}", TRADES[i], 600 + i)
        huge = base.replace(
            "</body>", "<p>" + "catalogue entry " * 250000 + "</p></body>"
        )
        content = {"/": (200, {}, huge)}
        sites.append(
            Site(
                f"huge page ({len(huge) // 1_000_000} MB)",
                "huge",
                host,
                "ok",
                content,
                content,
            )
        )
    return sites


def serve(net, sites: list[Site], phase: str) -> None:
    """Point the web server at each site's `before` or `after` pages."""
    port = net.web.receiver.port
    net.web.pages.clear()
    net.web.delays = {}
    for site in sites:
        net.dns.records[(site.host, "A")] = ["127.0.0.1"]
        if phase == "after":
            net.dns.records.update(site.dns)
            for key, value in getattr(site, "other_hosts", {}).items():
                net.web.pages[key] = value
            if site.delay:
                net.web.delays[site.host] = site.delay
        for path, (status, headers, body) in getattr(site, phase).items():
            headers = {k: v.replace("{port}", str(port)) for k, v in headers.items()}
            net.web.pages[(site.host, path)] = (status, headers, body)


def slow_answer(net):
    """Wrap the web server's answer with each host's delay."""
    plain = net.web.answer

    def answer(got):
        host = got.headers.get("host", "").split(":")[0].lower()
        time.sleep(getattr(net.web, "delays", {}).get(host, 0))
        return plain(got)

    net.web.receiver.answer = answer
