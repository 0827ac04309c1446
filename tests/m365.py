"""Microsoft 365 offline (shared/spec/M365.md): a local identity platform speaking the v2.0
endpoints msal uses (discovery, client-credentials token) over HTTPS with a certificate made
here, and the introspection endpoint Dovecot asks; a Dovecot accepting XOAUTH2 through it;
an SMTP submission server accepting XOAUTH2 through it and relaying into Dovecot over LMTP.

    tokens = TokenService(secret="s3cret", expires_in=3600).start()
    dovecot = OAuthDovecot(tokens).start()
    tokens.revoke_all()        # every token issued so far is refused from now on
"""
from __future__ import annotations

import collections
import datetime as dt
import ipaddress
import json
import os
import secrets
import smtplib
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from tests.servers import Dovecot, free_port

TENANT = "contoso-tenant"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"


def self_signed(folder: str) -> tuple[str, str]:
    """A certificate and key for IP:127.0.0.1 (cryptography), as PEM files in `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    return cert_path, key_path


class TokenService:
    """The identity platform's discovery and token endpoints (HTTPS) and an introspection
    endpoint for Dovecot (plain HTTP on its own port)."""

    def __init__(self, secret: str = "s3cret", expires_in: int = 3600):
        self.secret, self.expires_in = secret, expires_in
        self.folder = tempfile.mkdtemp(prefix="mailbot-m365-")
        self.cert_path, self.key_path = self_signed(self.folder)
        self.port, self.introspect_port = free_port(), free_port()
        self.active: set[str] = set()
        self.issued = 0
        self._servers: list[ThreadingHTTPServer] = []

    @property
    def authority_host(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def introspection_url(self) -> str:
        return f"http://127.0.0.1:{self.introspect_port}/introspect"

    def revoke_all(self) -> None:
        """Every token issued so far is refused from now on (as if it had expired)."""
        self.active.clear()

    def start(self) -> "TokenService":
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

            def do_GET(self):
                base = f"{service.authority_host}/{TENANT}"
                if self.path.endswith("/v2.0/.well-known/openid-configuration"):
                    return self._json(200, {"authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                                            "token_endpoint": f"{base}/oauth2/v2.0/token",
                                            "issuer": f"{base}/v2.0"})
                return self._json(404, {"error": "not_found"})

            def do_POST(self):
                form = self._form()
                if self.path == "/introspect":
                    active = form.get("token") in service.active
                    return self._json(200, {"active": active, "username": "app-only"} if active
                                      else {"active": False})
                if not self.path.endswith("/oauth2/v2.0/token"):
                    return self._json(404, {"error": "not_found"})
                if form.get("grant_type") != "client_credentials":
                    return self._json(400, {"error": "unsupported_grant_type"})
                if form.get("client_id") != CLIENT_ID:
                    return self._json(400, {"error": "unauthorized_client", "error_description":
                                            f"AADSTS700016: Application with identifier '{form.get('client_id')}' "
                                            "was not found in the directory."})
                if form.get("client_secret") != service.secret:
                    return self._json(401, {"error": "invalid_client", "error_description":
                                            "AADSTS7000215: Invalid client secret provided."})
                token = "eyJ" + secrets.token_urlsafe(900)      # a real token's size: 1.2 KB
                service.active.add(token)
                service.issued += 1
                return self._json(200, {"token_type": "Bearer", "expires_in": service.expires_in,
                                        "ext_expires_in": service.expires_in, "access_token": token})

        secure = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, self.key_path)
        secure.socket = context.wrap_socket(secure.socket, server_side=True)
        plain = ThreadingHTTPServer(("127.0.0.1", self.introspect_port), Handler)
        for server in (secure, plain):
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()


class OAuthDovecot(Dovecot):
    """A private Dovecot that also accepts XOAUTH2 tokens, checked with the token service
    (M365.md: app-only tokens name no user, so a constant username on both sides)."""

    def __init__(self, tokens: TokenService, **kwargs):
        super().__init__(**kwargs)
        self.tokens = tokens

    def _write_conf(self) -> None:
        super()._write_conf()
        with open(self.conf_path) as f:
            conf = f.read()
        conf = conf.replace("auth_mechanisms = plain login", "auth_mechanisms = plain login xoauth2 oauthbearer")
        passdb = "passdb {\n  driver = passwd-file\n"
        assert passdb in conf, "tests/servers.py's passdb block changed"
        conf = conf.replace(passdb, f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
                                    f"  args = {self.root}/dovecot-oauth2.conf.ext\n}}\n"
                                    f"passdb {{\n  driver = passwd-file\n  mechanisms = plain login none\n", 1)
        with open(os.path.join(self.root, "dovecot-oauth2.conf.ext"), "w") as f:
            f.write("introspection_mode = post\n"
                    f"introspection_url = {self.tokens.introspection_url}\n"
                    "force_introspection = yes\nusername_attribute = username\n"
                    "username_format = app-only\nactive_attribute = active\nactive_value = true\n"
                    "timeout_msecs = 5000\n")
        with open(self.conf_path, "w") as f:
            f.write(conf)


class OAuthSubmission:
    """SMTP submission (STARTTLS) that takes XOAUTH2 tokens the token service has issued and
    relays accepted mail into Dovecot over LMTP (aiosmtpd, with M365.md's traps avoided)."""

    def __init__(self, tokens: TokenService, lmtp_port: int):
        self.tokens, self.lmtp_port = tokens, lmtp_port
        self.port = free_port()
        self.logins = self.refused = 0

    def start(self) -> "OAuthSubmission":
        import base64

        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import SMTP, AuthResult

        submission = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with smtplib.LMTP("127.0.0.1", submission.lmtp_port) as lmtp:
                    lmtp.sendmail(envelope.mail_from, envelope.rcpt_tos, envelope.content)
                return "250 OK"

            async def auth_XOAUTH2(self, server, args):
                blob = args[1] if len(args) > 1 else await server.challenge_auth("")
                text = base64.b64decode(blob).decode(errors="replace") if isinstance(blob, str) else \
                    bytes(blob).decode(errors="replace")
                token = text.split("auth=Bearer ", 1)[-1].split("\x01", 1)[0]
                if token in submission.tokens.active:
                    submission.logins += 1
                    return AuthResult(success=True)
                submission.refused += 1
                return AuthResult(success=False, handled=False,
                                  message="535 5.7.3 Authentication unsuccessful")

        class LongLines(SMTP):
            line_length_limit = 16384

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # per instance: the class attribute is one dict shared by every server (M365.md)
                self.command_size_limits = collections.defaultdict(lambda: 12288)

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.tokens.cert_path, self.tokens.key_path)

        class Ctl(Controller):
            def factory(self):
                return LongLines(self.handler, tls_context=context, require_starttls=True,
                                 auth_require_tls=True)

        self._controller = Ctl(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()
