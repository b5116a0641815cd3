#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# smtp-sink.py: a real SMTP server for the test suite, on aiosmtpd (Debian
# python3-aiosmtpd; run it with /usr/bin/python3). It listens on 127.0.0.1
# on a port it picks (or --port), writes that port to --port-file once it
# accepts connections, stores each message it receives as one file in
# --dir (with X-Envelope-From/X-Envelope-To lines first), and exits on
# SIGTERM or SIGINT. Optional STARTTLS (--cert/--key, --require-starttls)
# and AUTH LOGIN/PLAIN (--user/--password-file, --auth-required).
# It exits by itself after --lifetime seconds so a forgotten sink never
# outlives its test.

import argparse
import asyncio
import os
import signal
import ssl
import sys
import time

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:  # the caller skips the test
    sys.stderr.write("smtp-sink: aiosmtpd is not installed\n")
    sys.exit(3)


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        # Names sort in arrival order, across restarts of the sink too.
        name = os.path.join(self.directory, "msg-%020d-%04d.eml" % (time.time_ns(), self.count))
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        head = "X-Envelope-From: %s\r\n" % envelope.mail_from
        for rcpt in envelope.rcpt_tos:
            head += "X-Envelope-To: %s\r\n" % rcpt
        head += "X-Sink-TLS: %s\r\n" % ("yes" if session.ssl else "no")
        head += "X-Sink-Auth: %s\r\n" % ("yes" if session.authenticated else "no")
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            f.write(head.encode("ascii", "replace") + data)
        os.rename(tmp, name)
        return "250 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--require-starttls", action="store_true")
    ap.add_argument("--user")
    ap.add_argument("--password-file")
    ap.add_argument("--auth-required", action="store_true")
    ap.add_argument("--lifetime", type=float, default=120.0)
    a = ap.parse_args()

    tls = None
    if a.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(a.cert, a.key)

    password = None
    if a.password_file:
        with open(a.password_file, "rb") as f:
            password = f.readline().rstrip(b"\r\n")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and a.user is not None and
              auth_data.login == a.user.encode() and auth_data.password == password)
        # handled=False: aiosmtpd answers 535 itself.
        return AuthResult(success=ok, handled=False)

    handler = Sink(a.dir)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        kw = dict(hostname="sink.test", tls_context=tls,
                  require_starttls=a.require_starttls, timeout=20)
        if a.user is not None:
            kw.update(authenticator=authenticator, auth_required=a.auth_required,
                      auth_require_tls=tls is not None)
        return SMTP(handler, **kw)

    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", a.port))
    port = server.sockets[0].getsockname()[1]
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, a.port_file)

    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(True))
    loop.call_later(a.lifetime, lambda: stop.done() or stop.set_result(True))
    loop.run_until_complete(stop)
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()


if __name__ == "__main__":
    main()
