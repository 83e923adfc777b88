#!/usr/bin/python3
"""The test suite's SMTP server (aiosmtpd): every message it accepts is written, byte for byte, to a Maildir.

Usage: test-smtp.py PORT MAILDIR

Listens on 127.0.0.1 at three ports:
  PORT      no sign-in; a recipient whose local part starts with "refuse-" gets 550, one starting with "defer-" gets 451
            the first time it is named and is accepted after that;
  PORT + 1  sign-in required, PLAIN only;
  PORT + 2  sign-in required, LOGIN only.
The sign-in is helpdesk / test-password (loopback only, for tests).
Each stored message starts with X-Peer, X-MailFrom and X-RcptTo lines; the message follows exactly as received, so that
a signature over it can be checked.
"""
import mailbox
import signal
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword, SMTP

SMTP.line_length_limit = 1 << 20


class Handler:
    def __init__(self, maildir):
        self.mailbox = mailbox.Maildir(maildir)
        self.named = {}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("refuse-"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such user here" % address
        if local.startswith("defer-"):
            with self.lock:
                times = self.named.get(address, 0)
                self.named[address] = times + 1
            if times == 0:
                return "451 4.3.0 <%s>: temporarily unavailable, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        trace = "X-Peer: %s\r\nX-MailFrom: %s\r\nX-RcptTo: %s\r\n" % (
            session.peer[0], envelope.mail_from, ", ".join(envelope.rcpt_tos))
        with self.lock:
            self.mailbox.add(trace.encode("ascii") + envelope.original_content)
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"helpdesk" and auth_data.password == b"test-password"
    return AuthResult(success=ok, handled=False)


def main():
    port, maildir = int(sys.argv[1]), sys.argv[2]
    handler = Handler(maildir)
    controllers = [
        Controller(handler, hostname="127.0.0.1", port=port),
        Controller(handler, hostname="127.0.0.1", port=port + 1, authenticator=authenticator, auth_required=True,
                   auth_require_tls=False, auth_exclude_mechanism=["LOGIN"]),
        Controller(handler, hostname="127.0.0.1", port=port + 2, authenticator=authenticator, auth_required=True,
                   auth_require_tls=False, auth_exclude_mechanism=["PLAIN"]),
    ]
    for controller in controllers:
        controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("listening on 127.0.0.1:%d-%d" % (port, port + 2), flush=True)
    stop.wait()
    for controller in controllers:
        controller.stop()


if __name__ == "__main__":
    main()
