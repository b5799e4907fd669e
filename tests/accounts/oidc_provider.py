"""A real OpenID Connect provider on 127.0.0.1 for the sign-in tests: Authlib's authorization
server (the authorization-code grant with its OpenID Connect extension, RS256-signed ID tokens,
a JWKS) behind a small WSGI app in a thread. It signs in whoever the test names, as an
organisation's directory would after its own sign-in page."""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import OAuth2Request, grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey

# Authlib refuses plain http unless told: this provider only ever listens on 127.0.0.1.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in {"openid", "email", "profile"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: dict
    nonce: str | None
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return "0"

    def get_amr(self) -> list[str]:
        return ["pwd", "mfa"]


class Provider:
    """The provider's state: one client, the person signing in next, codes and tokens."""

    def __init__(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.client = Client(client_id, client_secret, redirect_uri)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        self.person: dict[str, Any] = {}
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, dict] = {}
        self.url = ""
        self.server = self._authorization_server()

    def _authorization_server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):
                return provider.client if client_id == provider.client.client_id else None

            def save_token(self, token, request):
                provider.tokens[token["access_token"]] = request.user

            def create_oauth2_request(self, request):
                return request

            def handle_response(self, status, body, headers):
                return status, body, headers

            def send_signal(self, name, *args, **kwargs):
                return None

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                data = request.payload.data
                provider.codes[code] = Code(
                    code=code,
                    client_id=request.client.client_id,
                    redirect_uri=data.get("redirect_uri", ""),
                    scope=request.payload.scope,
                    user=request.user,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class OpenID(OpenIDCode):
            def exists_nonce(self, nonce, request):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": "test-key"}

            def get_client_claims(self, client):
                now = int(time.time())
                return {"iss": provider.url, "aud": [client.client_id], "exp": now + 600}

            def generate_user_info(self, user, scope):
                return dict(user)

        from authlib.oauth2.rfc7636 import CodeChallenge

        server = Server()
        server.register_token_generator("default", BearerTokenGenerator(_token, _token))
        server.register_grant(
            CodeGrant, [OpenID(require_nonce=True), CodeChallenge(required=False)]
        )
        return server

    # The WSGI app -----------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        query = environ.get("QUERY_STRING", "")
        body = b""
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
        headers = {
            k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        if "CONTENT_TYPE" in environ:
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        status, payload, out = self.route(path, method, query, body, headers)
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        start_response(f"{status} X", [*(out or []), ("Content-Type", "application/json")])
        return [payload.encode() if isinstance(payload, str) else payload]

    def _request(self, method: str, query: str, body: bytes, headers: dict) -> OAuth2Request:
        uri = f"{self.url}/?{query}" if query else f"{self.url}/"
        args = dict(parse_qsl(query))
        form = dict(parse_qsl(body.decode())) if method == "POST" else {}
        return _Request(method, uri, headers, args, form)

    def route(self, path: str, method: str, query: str, body: bytes, headers: dict):
        if path == "/authorize":
            # As a provider's sign-in page: whoever is signed in here (``person``; none when
            # empty) is asked to grant, and ``prompt=none`` with no one gives login_required.
            request = self._request("GET", query, body, headers)
            try:
                grant = self.server.get_consent_grant(request, end_user=self.person or None)
            except OAuth2Error as error:
                return self.server.handle_error_response(request, error)
            return self.server.create_authorization_response(
                request, grant_user=self.person, grant=grant
            )
        if path == "/token":
            request = self._request("POST", query, body, headers)
            return self.server.create_token_response(request)
        if path == "/userinfo":
            token = headers.get("Authorization", "").removeprefix("Bearer ")
            person = self.tokens.get(token)
            return (200, person, []) if person else (401, {"error": "invalid_token"}, [])
        if path == "/jwks":
            return 200, {"keys": [self.key.as_dict(private=False)]}, []
        return 404, {"error": "not_found"}, []


def _token(*args: Any, **kwargs: Any) -> str:
    return secrets.token_urlsafe(32)


class _Request(OAuth2Request):
    """A request as Authlib's framework integrations make one: query arguments, form fields."""

    def __init__(self, method: str, uri: str, headers: dict, args: dict, form: dict) -> None:
        super().__init__(method, uri, headers=headers)
        self._args, self._form = args, form
        self.payload = BasicOAuth2Payload({**args, **form})

    @property
    def args(self) -> dict:
        return self._args

    @property
    def form(self) -> dict:
        return self._form


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        return None


def start(provider: Provider) -> WSGIServer:
    """Serve the provider on a free port of 127.0.0.1 in a daemon thread."""
    server = make_server("127.0.0.1", 0, provider, handler_class=_Quiet)
    provider.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
