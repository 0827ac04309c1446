"""Microsoft 365 offline (shared/spec/M365.md): a local identity platform speaking the v2.0
endpoints msal uses (discovery, client-credentials token) over HTTPS with a certificate made
here, and the introspection endpoint Dovecot asks; a Dovecot accepting XOAUTH2 through it;
an SMTP submission server accepting XOAUTH2 through it and relaying into Dovecot over LMTP.

    tokens = TokenService(secret="s3cret", expires_in=3600).start()
    dovecot = OAuthDovecot(tokens).start()
    tokens.revoke_all()        # every token issued so far is refused from now on
    tokens.expires_in = 299    # inside msal's 5-minute margin: a new token at every login

The token endpoint takes either credential of an app registration: the client secret, or a
certificate (`register_certificate`): a JWT client assertion msal signs with the
certificate's private key, checked as the identity platform checks it. Its errors have the
platform's shape: HTTP 400/401, `error`, `error_description` starting with the AADSTS code,
`error_codes`.
"""
from __future__ import annotations

import base64
import collections
import datetime as dt
import hashlib
import ipaddress
import json
import os
import secrets
import smtplib
import ssl
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from tests.servers import Dovecot, free_port

TENANT = "contoso-tenant"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


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


def app_certificate(folder: str, name: str = "app") -> tuple[str, str, str]:
    """An app registration's certificate (cryptography): the certificate (its public part, as
    uploaded to the app registration) and its private key as PEM files in `folder`, and its
    thumbprint as the app registration shows it (the SHA-1 of the DER certificate, in hex)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"mailbot {name}")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .sign(key, hashes.SHA256()))
    cert_path = os.path.join(folder, f"{name}-cert.pem")
    key_path = os.path.join(folder, f"{name}-key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path, cert.fingerprint(hashes.SHA1()).hex().upper()


def x5t(cert_der: bytes) -> str:
    """The JWT `x5t` header naming a certificate: base64url of the SHA-1 of its DER form
    (RFC 7515 4.1.7), without padding (msal sends it padded: compare without)."""
    return base64.urlsafe_b64encode(hashlib.sha1(cert_der).digest()).decode().rstrip("=")


def aadsts(code: int, error: str, text: str) -> dict:
    """An error body as the identity platform answers: the AADSTS code first in the
    description, then the trace lines Microsoft adds."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    return {"error": error,
            "error_description": f"AADSTS{code}: {text}\r\nTrace ID: {trace}\r\n"
                                 f"Correlation ID: {correlation}\r\nTimestamp: {now}",
            "error_codes": [code], "timestamp": now, "trace_id": trace, "correlation_id": correlation,
            "error_uri": f"https://login.microsoftonline.com/error?code={code}"}


class TokenService:
    """The identity platform's discovery and token endpoints (HTTPS) and an introspection
    endpoint for Dovecot (plain HTTP on its own port)."""

    def __init__(self, secret: str = "s3cret", expires_in: int = 3600):
        self.secret, self.expires_in = secret, expires_in
        self.folder = tempfile.mkdtemp(prefix="mailbot-m365-")
        self.cert_path, self.key_path = self_signed(self.folder)
        self.port, self.introspect_port = free_port(), free_port()
        self.active: dict[str, float] = {}       # token -> when it expires (time.time())
        self.issued = 0
        self.issued_tokens: list[str] = []       # in the order issued
        self.presented: list[str] = []           # tokens a server asked about, in order
        self.certificates: dict[str, object] = {}    # x5t -> the certificate's public key
        self._servers: list[ThreadingHTTPServer] = []

    @property
    def authority_host(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def token_endpoint(self) -> str:
        return f"{self.authority_host}/{TENANT}/oauth2/v2.0/token"

    def register_certificate(self, cert_path: str) -> None:
        """Upload a certificate (its public part) to the app registration: a client
        assertion signed with its private key is a credential from now on."""
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
        with open(cert_path, "rb") as f:
            cert = x509.load_pem_x509_certificate(f.read())
        self.certificates[x5t(cert.public_bytes(serialization.Encoding.DER))] = cert.public_key()

    def accepts(self, token: str) -> bool:
        """Whether a server presented with `token` should take it: issued here, not revoked,
        not expired."""
        self.presented.append(token)
        return self.active.get(token, 0) > time.time()

    @property
    def introspection_url(self) -> str:
        return f"http://127.0.0.1:{self.introspect_port}/introspect"

    def revoke_all(self) -> None:
        """Every token issued so far is refused from now on (as if it had expired)."""
        self.active.clear()

    def refusal(self, form: dict) -> tuple[int, dict] | None:
        """Why the token endpoint refuses a client-credentials request (status, body), or None."""
        if form.get("client_id") != CLIENT_ID:
            return 400, aadsts(700016, "unauthorized_client",
                               f"Application with identifier '{form.get('client_id')}' was not found "
                               f"in the directory '{TENANT}'.")
        if "client_assertion" in form:
            return self._assertion_refusal(form)
        if form.get("client_secret") != self.secret:
            return 401, aadsts(7000215, "invalid_client", "Invalid client secret provided. Ensure the "
                               "secret being sent in the request is the client secret value, not the "
                               f"client secret ID, for a secret added to app '{CLIENT_ID}'.")
        return None

    def _assertion_refusal(self, form: dict) -> tuple[int, dict] | None:
        """The checks of a certificate credential: a JWT signed by a registered certificate's
        key (named by its x5t header), for this token endpoint, from this client, in date."""
        import jwt
        if form.get("client_assertion_type") != JWT_BEARER:
            return 400, aadsts(50027, "invalid_request", "JWT token is invalid or malformed "
                               "(client_assertion_type is not jwt-bearer).")
        assertion = form["client_assertion"]
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.DecodeError:
            return 400, aadsts(50027, "invalid_request", "JWT token is invalid or malformed.")
        thumbprint = str(header.get("x5t", "")).rstrip("=")
        key = self.certificates.get(thumbprint)
        if key is None:
            try:
                used = base64.urlsafe_b64decode(thumbprint + "=" * (-len(thumbprint) % 4)).hex().upper()
            except ValueError:
                used = thumbprint
            return 401, aadsts(700027, "invalid_client", "The certificate with identifier used to "
                               "sign the client assertion is not registered on application. [Reason - "
                               f"The key was not found., Thumbprint of key used by client: '{used}']")
        try:
            claims = jwt.decode(assertion, key, algorithms=["RS256", "PS256"], audience=self.token_endpoint,
                                options={"require": ["aud", "iss", "sub", "exp"]})
        except jwt.InvalidSignatureError:
            return 401, aadsts(700027, "invalid_client", "Client assertion failed signature validation.")
        except jwt.ExpiredSignatureError:
            return 401, aadsts(700024, "invalid_client", "Client assertion is not within its valid time range.")
        except jwt.InvalidAudienceError:
            return 401, aadsts(700023, "invalid_client", "Client assertion audience claim does not match "
                               "Realm issuer.")
        except jwt.InvalidTokenError as exc:
            return 400, aadsts(50027, "invalid_request", f"JWT token is invalid or malformed ({exc}).")
        if claims["iss"] != CLIENT_ID or claims["sub"] != CLIENT_ID:
            return 401, aadsts(700021, "invalid_client", "Client assertion application identifier "
                               "doesn't match 'client_id' parameter.")
        return None

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
                                            "token_endpoint": service.token_endpoint,
                                            "issuer": f"{base}/v2.0"})
                return self._json(404, {"error": "not_found"})

            def do_POST(self):
                form = self._form()
                if self.path == "/introspect":
                    active = service.accepts(form.get("token", ""))
                    return self._json(200, {"active": active, "username": "app-only"} if active
                                      else {"active": False})
                if not self.path.endswith("/oauth2/v2.0/token"):
                    return self._json(404, {"error": "not_found"})
                if form.get("grant_type") != "client_credentials":
                    return self._json(400, aadsts(70003, "unsupported_grant_type",
                                                  "The app requested an unsupported grant type."))
                refused = service.refusal(form)
                if refused is not None:
                    return self._json(*refused)
                token = "eyJ" + secrets.token_urlsafe(900)      # a real token's size: 1.2 KB
                service.active[token] = time.time() + service.expires_in
                service.issued += 1
                service.issued_tokens.append(token)
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
                if submission.tokens.accepts(token):
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
