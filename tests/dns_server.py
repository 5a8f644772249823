"""A real DNS server on 127.0.0.1 (free UDP port), answering from a dict.

`records` maps (name, type) to a list of values, e.g.
("example.com", "TXT") -> ["linchpin-verification=…"], ("shop.test", "A") ->
["127.0.0.1"]; tests change it while the server runs. Unknown names answer
NXDOMAIN. Every query is kept in `queries`.
"""

from dnslib import AAAA, NS, QTYPE, RCODE, RR, TXT, A
from dnslib.server import BaseResolver, DNSLogger, DNSServer

KINDS = {"A": A, "AAAA": AAAA, "TXT": TXT, "NS": NS}


class _Resolver(BaseResolver):
    def __init__(self, owner):
        self.owner = owner

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        kind = QTYPE[request.q.qtype]
        self.owner.queries.append((name, kind))
        values = self.owner.records.get((name, kind))
        if values is None:
            if not any(key[0] == name for key in self.owner.records):
                reply.header.rcode = RCODE.NXDOMAIN
            return reply
        for value in values:
            reply.add_answer(RR(name, QTYPE.reverse[kind], rdata=KINDS[kind](value)))
        return reply


class DnsServer:
    def __init__(self, records: dict | None = None):
        self.records: dict = dict(records or {})
        self.queries: list = []
        logger = DNSLogger(log="-request,-reply,-truncated,-error", prefix=False)
        self.server = DNSServer(
            _Resolver(self), port=0, address="127.0.0.1", logger=logger
        )
        self.port = self.server.server.server_address[1]

    @property
    def nameserver(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self):
        self.server.start_thread()
        return self

    def __exit__(self, *exc):
        self.server.stop()
        self.server.server.server_close()
