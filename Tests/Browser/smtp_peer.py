#!/usr/bin/env python3
"""A small SMTP server for flowd-mail's tests: it takes mail on 127.0.0.1:PORT and writes what happened, one JSON
object a line, to LOG: every accepted message (envelope, text, whether TLS and AUTH were used) and every refusal.
It delivers nothing. The real MTA (exim4) is tested elsewhere; this one can misbehave on purpose.

Usage: smtp_peer.py PORT LOG [--tls CERT KEY] [--auth USER:PASSWORD] [--refuse-once ADDRESS] [--no-ehlo]

--tls           offer STARTTLS with that certificate and key
--auth          offer AUTH PLAIN LOGIN (after STARTTLS when --tls is given) and accept only these credentials
--refuse-once   answer 451 to the first RCPT TO for ADDRESS (over all connections), 250 after that
--no-ehlo       answer 502 to EHLO, as a server from before ESMTP
"""
import base64, json, signal, socketserver, ssl, sys, threading

# The test runner's children inherit its blocked signals; SIGTERM must end this server.
signal.pthread_sigmask(signal.SIG_SETMASK, set())

args = sys.argv[1:]
port, log_path = int(args[0]), args[1]
options = {}
i = 2
while i < len(args):
    name = args[i]
    if name == "--tls":
        options["tls"] = (args[i + 1], args[i + 2])
        i += 3
    elif name in ("--auth", "--refuse-once"):
        options[name[2:]] = args[i + 1]
        i += 2
    elif name == "--no-ehlo":
        options["no-ehlo"] = True
        i += 1
    else:
        sys.exit(f"unknown option {name}")

lock = threading.Lock()
refused = set()


def record(entry):
    with lock, open(log_path, "a") as log:
        log.write(json.dumps(entry) + "\n")


class Session(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.tls = False
        self.user = None

    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())
        self.wfile.flush()

    def line(self):
        raw = self.rfile.readline(4096)
        if not raw:
            raise EOFError
        return raw.decode("utf-8", "replace").rstrip("\r\n")

    def handle(self):
        try:
            self.converse()
        except (EOFError, ConnectionError, ssl.SSLError):
            pass

    def converse(self):
        self.reply("220 peer.test ESMTP ready")
        sender, recipients = None, []
        while True:
            command = self.line()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                if options.get("no-ehlo"):
                    self.reply("502 5.5.1 EHLO not implemented")
                    continue
                offers = ["peer.test greets you", "SIZE 1000000", "8BITMIME", "PIPELINING"]
                if "tls" in options and not self.tls:
                    offers.append("STARTTLS")
                if "auth" in options:
                    offers.append("AUTH PLAIN LOGIN")
                for n, offer in enumerate(offers):
                    self.reply(("250 " if n == len(offers) - 1 else "250-") + offer)
            elif verb == "HELO":
                self.reply("250 peer.test")
            elif verb == "STARTTLS" and "tls" in options and not self.tls:
                self.reply("220 2.0.0 go ahead")
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(*options["tls"])
                self.connection = context.wrap_socket(self.connection, server_side=True)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb")
                self.tls = True
                sender, recipients = None, []
            elif verb == "AUTH" and "auth" in options:
                self.authenticate(command)
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip().strip("<>"), []
                self.reply("250 2.1.0 ok")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                with lock:
                    refuse = address == options.get("refuse-once") and address not in refused
                    refused.add(address)
                if refuse:
                    record({"event": "refused", "to": address})
                    self.reply("451 4.3.0 not now, try again later")
                else:
                    recipients.append(address)
                    self.reply("250 2.1.5 ok")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 5.5.1 no recipients")
                    continue
                self.reply("354 go ahead")
                lines = []
                while True:
                    text = self.line()
                    if text == ".":
                        break
                    lines.append(text[1:] if text.startswith(".") else text)
                record({
                    "event": "message", "from": sender, "to": recipients, "tls": self.tls, "user": self.user,
                    "data": "\r\n".join(lines),
                })
                sender, recipients = None, []
                self.reply("250 2.0.0 queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self.reply("250 2.0.0 ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 bye")
                return
            else:
                self.reply("500 5.5.2 what?")

    def authenticate(self, command):
        words = command.split(" ")
        mechanism = words[1].upper() if len(words) > 1 else ""
        if mechanism == "PLAIN":
            token = words[2] if len(words) > 2 else None
            if token is None:
                self.reply("334 ")
                token = self.line()
            parts = base64.b64decode(token).split(b"\0")
            user, password = parts[1].decode(), parts[2].decode()
        elif mechanism == "LOGIN":
            self.reply("334 VXNlcm5hbWU6")
            user = base64.b64decode(self.line()).decode()
            self.reply("334 UGFzc3dvcmQ6")
            password = base64.b64decode(self.line()).decode()
        else:
            self.reply("504 5.5.4 unknown mechanism")
            return
        good = f"{user}:{password}" == options["auth"]
        record({"event": "auth", "mechanism": mechanism, "user": user, "ok": good, "tls": self.tls})
        if good:
            self.user = user
            self.reply("235 2.7.0 authenticated")
        else:
            self.reply("535 5.7.8 authentication failed")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


with Server(("127.0.0.1", port), Session) as server:
    print("ready", flush=True)
    server.serve_forever()
