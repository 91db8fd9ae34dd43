#!/usr/bin/env python3
"""A loopback Microsoft Entra ID, ARM and Microsoft Graph, for running the real Azure CLI offline.

The real `az` reaches it through an HTTPS CONNECT proxy on 127.0.0.1: every CONNECT is answered
here, TLS is terminated with a test certificate for Microsoft's own host names (signed by a test
CA the client trusts through REQUESTS_CA_BUNDLE), and nothing is forwarded anywhere.

    graph_sim.py --state DIR [--seed FILE]

DIR receives `port` (when ready), `pki/ca.pem`, `tenant.json` (the tenant as it stands, written
after every change), `requests.jsonl` (one line per request: method, host, path, the token's
claims, the body with key data shortened) and reads `faults.json` on every request (a list of
{"method", "path", "status", "times"}: transient Graph failures, the kind Graph documents as
retryable, for testing a rerun after a failure; or {"method": "PATCH", "path", "drop_key": true,
"times"}: a PATCH of keyCredentials that loses the first key, a scripted fault no real Graph is
known to produce, for testing that the scripts notice a key missing after their update).

Every rule below names the Microsoft page (or the maintainers' statement) it comes from.
"""
import argparse
import base64
import datetime
import hashlib
import http.server
import json
import os
import re
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pki  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402

# The Azure CLI's own first-party client ID: the `appid` of every token `az login` gets for a user
# (https://learn.microsoft.com/troubleshoot/azure/entra/entra-id/governance/verify-first-party-apps-sign-in).
AZURE_CLI_APP_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
# The delegated scopes on Microsoft Graph that the Azure CLI's token carries. Sites.FullControl.All
# is not among them: POST /sites/{id}/permissions with it is 403 even for a Global Administrator
# (Azure/azure-cli #20572 and #23485; hashicorp/terraform-provider-msgraph #130).
AZURE_CLI_GRAPH_SCOPES = ("Application.ReadWrite.All AppRoleAssignment.ReadWrite.All AuditLog.Read.All "
                          "DelegatedPermissionGrant.ReadWrite.All Directory.AccessAsUser.All Group.ReadWrite.All "
                          "User.ReadWrite.All")
HOSTS = ["login.microsoftonline.com", "graph.microsoft.com", "management.azure.com",
         "azcliprod.blob.core.windows.net", "login.microsoftonline.us", "graph.microsoft.us",
         "dod-graph.microsoft.us", "management.usgovcloudapi.net", "login.chinacloudapi.cn",
         "microsoftgraph.chinacloudapi.cn", "management.chinacloudapi.cn"]

LOCK = threading.Lock()
STATE = {}
FOLDER = ""


def save():
    path = os.path.join(FOLDER, "tenant.json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(STATE, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(claims):
    header = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    return header + "." + b64url(json.dumps(claims).encode()) + ".c2lnbmF0dXJl"


def claims_of(authorization):
    try:
        payload = authorization.split(" ", 1)[1].split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except Exception:
        return None


def odata_string(text):
    return text[1:-1].replace("''", "'")


LITERAL = r"'((?:[^']|'')*)'"
FILTERS = [
    (re.compile(r"^displayName eq " + LITERAL + "$"), lambda o, v: o.get("displayName") == v),
    (re.compile(r"^startswith\(displayName, ?" + LITERAL + r"\)$"), lambda o, v: (o.get("displayName") or "").lower().startswith(v.lower())),
    (re.compile(r"^appId eq " + LITERAL + "$"), lambda o, v: (o.get("appId") or "").lower() == v.lower()),
    (re.compile(r"^tags/any\((\w+):\1 eq " + LITERAL + r"\)$"), None),
    (re.compile(r"^servicePrincipalNames/any\((\w+):\1 eq " + LITERAL + r"\)$"), None),
]


def matches(expression, obj):
    """The $filter forms Graph supports by default on these properties
    (https://learn.microsoft.com/graph/api/resources/application: displayName, appId and tags
    support $filter eq / startsWith / any; anything else is refused here, as Graph refuses
    what it does not support: https://learn.microsoft.com/graph/aad-advanced-queries)."""
    for pattern, test in FILTERS:
        found = pattern.match(expression)
        if not found:
            continue
        if test is not None:
            return test(obj, found.group(1).replace("''", "'"))
        value = found.group(2).replace("''", "'")
        field = "tags" if expression.startswith("tags") else "servicePrincipalNames"
        return value in obj.get(field, [])
    raise GraphError(400, "Request_UnsupportedQuery", f"Unsupported or invalid query filter clause: {expression}")


class GraphError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def project(obj, select, single):
    """$select, and keyCredentials[].key: "Returned only on $select for a single object ...
    otherwise, it is always null" (https://learn.microsoft.com/graph/api/resources/keycredential)."""
    out = json.loads(json.dumps(obj))
    full_keys = single and select is not None and "keyCredentials" in select
    for key in out.get("keyCredentials", []):
        if not full_keys:
            key["key"] = None
    if select is not None:
        out = {k: v for k, v in out.items() if k in select}
    return out


def certificate_key(entry):
    """A keyCredential as Graph stores it: customKeyIdentifier defaults to the certificate's
    thumbprint, the dates come from the certificate
    (https://learn.microsoft.com/graph/api/resources/keycredential). Graph refuses an end date
    more than a year ahead ("Key credential end date is invalid": Azure/azure-cli #11146 and the
    maintainers' fix in #13769, "the server-side does not accept end date ... exceed 1 year")."""
    if not entry.get("key"):
        # Graph's update application page sends every keyCredential with its key; one without
        # cannot be stored again (https://learn.microsoft.com/graph/api/application-update).
        raise GraphError(400, "Request_BadRequest", "keyCredentials: a key credential without its key value cannot be saved")
    der = base64.b64decode(entry["key"])
    cert = x509.load_der_x509_certificate(der)
    now = datetime.datetime.now(datetime.timezone.utc)
    if cert.not_valid_after_utc - now > datetime.timedelta(days=366):
        raise GraphError(400, "Request_BadRequest", "Key credential end date is invalid.")
    stored = dict(entry)
    stored.setdefault("keyId", str(uuid.uuid4()))
    stored["customKeyIdentifier"] = entry.get("customKeyIdentifier") or base64.b64encode(hashlib.sha1(der).digest()).decode()
    stored["startDateTime"] = cert.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    stored["endDateTime"] = cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return stored


def find(collection, object_id):
    for obj in STATE[collection]:
        if obj["id"] == object_id:
            return obj
    raise GraphError(404, "Request_ResourceNotFound", f"Resource '{object_id}' does not exist or one of its queried reference-property objects are not present.")


def graph(method, path, query, body, claims, drop_key=False):
    if not claims or claims.get("aud") not in ("https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"):
        raise GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
    select = query.get("$select", [None])[0]
    select = select.split(",") if select else None
    flt = query.get("$filter", [None])[0]
    scopes = (claims.get("scp") or "").split() + claims.get("roles", [])
    parts = [urllib.parse.unquote(p) for p in path.split("/")[2:]]

    if parts == ["me"]:
        # The signed-in user (https://learn.microsoft.com/graph/api/user-get: GET /me with a delegated token).
        if claims.get("idtyp") != "user":
            raise GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.")
        return 200, project({"id": STATE["user"]["id"], "userPrincipalName": STATE["user"]["upn"], "displayName": STATE["user"]["name"]}, select, True)

    if parts == ["organization"]:
        return 200, {"value": [project({"id": STATE["tenantId"], "verifiedDomains": [{"name": d} for d in STATE["domains"]]}, select, False)]}

    if parts[0] in ("applications", "servicePrincipals"):
        collection = parts[0]
        if len(parts) == 1 and method == "GET":
            items = [o for o in STATE[collection] if flt is None or matches(flt, o)]
            return 200, {"value": [project(o, select, False) for o in items]}
        if len(parts) == 1 and method == "POST" and collection == "applications":
            app = {"id": str(uuid.uuid4()), "appId": str(uuid.uuid4()), "displayName": body["displayName"],
                   "signInAudience": body.get("signInAudience", "AzureADMyOrg"), "tags": body.get("tags", []),
                   "notes": body.get("notes"), "requiredResourceAccess": body.get("requiredResourceAccess", []),
                   "keyCredentials": [certificate_key(k) for k in body.get("keyCredentials", [])]}
            STATE["applications"].append(app)
            # "When a user registers an application, they're automatically added as an owner"
            # (https://learn.microsoft.com/entra/fundamentals/users-default-permissions, Object
            # ownership): with a delegated token the signed-in user becomes the new app's owner.
            # (App-only creation is not modelled: the scripts always sign in a user.)
            if claims.get("idtyp") == "user":
                STATE.setdefault("owners", {})[app["id"]] = [claims["oid"]]
            # Directory replication: a new application can be unknown to service principal
            # creation for a short while: 400 Request_BadRequest "The appId '...' of the service
            # principal does not reference a valid application object." (code NoBackingApplicationObject;
            # https://learn.microsoft.com/answers/questions/5883620/ms-graph-api-failing-to-create-service-principal-f).
            # The first attempt for each new application is refused here.
            STATE["replicating"].append(app["appId"])
            return 201, project(app, None, True)
        if len(parts) == 1 and method == "POST":
            app_id = body.get("appId", "")
            if app_id in STATE["replicating"] or not any(a["appId"] == app_id for a in STATE["applications"]):
                if app_id in STATE["replicating"]:
                    STATE["replicating"].remove(app_id)
                raise GraphError(400, "Request_BadRequest",
                                 f"The appId '{app_id}' of the service principal does not reference a valid application object.")
            if any(s["appId"] == app_id for s in STATE["servicePrincipals"]):
                raise GraphError(409, "Request_MultipleObjectsWithSameKeyValue", "Another object with the same value for property servicePrincipalNames already exists.")
            app = next(a for a in STATE["applications"] if a["appId"] == app_id)
            principal = {"id": str(uuid.uuid4()), "appId": app_id, "displayName": app["displayName"], "appRoles": [],
                         "servicePrincipalNames": [app_id]}
            STATE["servicePrincipals"].append(principal)
            return 201, principal
        obj = find(collection, parts[1])
        if len(parts) == 2 and method == "GET":
            return 200, project(obj, select, True)
        if parts[2:] == ["owners"] and collection == "applications" and method == "GET":
            # List owners (https://learn.microsoft.com/graph/api/application-list-owners): directory
            # objects; the owners of a seeded app are the seed's "owners" map {app object id: [ids]}.
            return 200, {"value": [project({"@odata.type": "#microsoft.graph.user", "id": owner}, select, False)
                                   for owner in STATE.get("owners", {}).get(obj["id"], [])]}
        if len(parts) == 2 and method == "PATCH" and collection == "applications":
            for field in ("displayName", "tags", "notes", "requiredResourceAccess"):
                if field in body:
                    obj[field] = body[field]
            if "keyCredentials" in body:
                # "keyCredentials ... the whole collection is replaced": an update sends the keys to
                # keep with the new one (https://learn.microsoft.com/graph/applications-how-to-add-certificate).
                obj["keyCredentials"] = [certificate_key(k) for k in body["keyCredentials"]]
                if drop_key and obj["keyCredentials"]:
                    obj["keyCredentials"].pop(0)
            return 204, None
        if parts[2:] == ["appRoleAssignments"] and collection == "servicePrincipals":
            if method == "GET":
                return 200, {"value": [a for a in STATE["appRoleAssignments"] if a["principalId"] == obj["id"]]}
            if method == "POST":
                resource = find("servicePrincipals", body["resourceId"])
                if not any(r["id"] == body["appRoleId"] for r in resource.get("appRoles", [])):
                    raise GraphError(400, "Request_BadRequest", "Permission being assigned was not found on application")
                assignment = {"id": b64url(uuid.uuid4().bytes), "principalId": body["principalId"],
                              "resourceId": body["resourceId"], "appRoleId": body["appRoleId"]}
                STATE["appRoleAssignments"].append(assignment)
                return 201, assignment

    if parts[0] == "sites":
        # Site permissions: delegated Sites.FullControl.All, or application Sites.FullControl.All
        # (https://learn.microsoft.com/graph/api/site-post-permissions and site-list-permissions).
        reference = "/".join(parts[1:])
        if ":/" in reference or (len(parts) == 2 and "," not in parts[1]):
            site = STATE["sites"].get(reference)
            if site is None:
                raise GraphError(404, "itemNotFound", "Requested site could not be found")
            return 200, project({"id": site["id"], "webUrl": "https://" + reference.replace(":/", "/")}, select, True)
        site = next((s for s in STATE["sites"].values() if s["id"] == parts[1]), None)
        if site is None:
            raise GraphError(404, "itemNotFound", "Requested site could not be found")
        if parts[2:3] == ["permissions"]:
            if "Sites.FullControl.All" not in scopes:
                raise GraphError(403, "accessDenied", "Access denied")
            if len(parts) == 3 and method == "GET":
                return 200, {"value": site["permissions"]}
            if len(parts) == 3 and method == "POST":
                grant = {"id": b64url(os.urandom(24)), "roles": body["roles"],
                         "grantedToIdentitiesV2": body.get("grantedToIdentities", []),
                         "grantedToIdentities": body.get("grantedToIdentities", [])}
                site["permissions"].append(grant)
                return 201, grant
    raise GraphError(400, "BadRequest", f"Resource not found for the segment '{parts[0]}'.")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    tunnel_host = None

    def log_message(self, *args):
        pass

    def do_CONNECT(self):
        self.tunnel_host = self.path.split(":")[0]
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self.connection = self.server.tls.wrap_socket(self.connection, server_side=True)
        self.rfile = self.connection.makefile("rb")
        self.wfile = self.connection.makefile("wb")
        self.close_connection = False

    def reply(self, status, payload, content_type="application/json"):
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        host = self.tunnel_host or ""
        claims = claims_of(self.headers.get("Authorization", ""))
        with LOCK:
            self.record(method, host, url, raw, claims)
            fault = self.fault(method, url.path, raw)
            drop_key = fault == "drop_key"
            if fault and not drop_key:
                # Graph's documented transient errors (https://learn.microsoft.com/graph/errors).
                if fault == 503:
                    return self.reply(fault, {"error": {"code": "serviceNotAvailable", "message": "The service is temporarily unavailable."}})
                return self.reply(fault, {"error": {"code": "generalException", "message": "An unspecified error has occurred."}})
            try:
                if host.startswith("login."):
                    return self.login(method, url.path, raw)
                if host.startswith("management."):
                    if url.path.rstrip("/") == "/subscriptions":
                        return self.reply(200, {"value": []})
                    if url.path.rstrip("/") == "/tenants":
                        return self.reply(200, {"value": [{"tenantId": STATE["tenantId"], "defaultDomain": STATE["domains"][0]}]})
                    return self.reply(404, {"error": {"code": "NotFound", "message": "not simulated"}})
                if "graph" in host:
                    body = json.loads(raw) if raw else {}
                    status, payload = graph(method, url.path, query, body, claims, drop_key)
                    if method != "GET":
                        save()
                    return self.reply(status, payload)
                return self.reply(404, {"error": {"code": "NotFound", "message": "not simulated"}})
            except GraphError as error:
                save()
                return self.reply(error.status, {"error": {"code": error.code, "message": error.message}})

    def fault(self, method, path, raw):
        file = os.path.join(FOLDER, "faults.json")
        if not os.path.exists(file):
            return None
        with open(file, encoding="utf-8") as f:
            faults = json.load(f)
        for fault in faults:
            if fault["method"] == method and fault["path"] in path and fault.get("times", 1) > 0:
                if fault.get("drop_key") and b'"keyCredentials"' not in raw:
                    continue
                fault["times"] = fault.get("times", 1) - 1
                with open(file, "w", encoding="utf-8") as f:
                    json.dump(faults, f)
                return "drop_key" if fault.get("drop_key") else fault.get("status", 503)
        return None

    def record(self, method, host, url, raw, claims):
        text = raw.decode("utf-8", "replace")
        text = re.sub(r'("key":\s*")([^"]{16})[^"]*"', r'\1\2…"', text)
        text = re.sub(r"(device_code|refresh_token|code)=[^&]+", r"\1=…", text)
        entry = {"method": method, "host": host, "path": url.path, "query": url.query, "claims": claims, "body": text}
        with open(os.path.join(FOLDER, "requests.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def login(self, method, path, raw):
        # Entra ID's v2.0 endpoints: discovery, device code, token
        # (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc and
        # https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code).
        base = "https://" + self.tunnel_host + "/" + STATE["tenantId"]
        if path.endswith("/.well-known/openid-configuration"):
            return self.reply(200, {"authorization_endpoint": base + "/oauth2/v2.0/authorize", "token_endpoint": base + "/oauth2/v2.0/token",
                                    "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
                                    "issuer": "https://login.microsoftonline.com/" + STATE["tenantId"] + "/v2.0",
                                    "jwks_uri": base + "/discovery/v2.0/keys", "response_types_supported": ["code"],
                                    "tenant_region_scope": "EU"})
        if "/common/discovery/instance" in path:
            return self.reply(200, {"tenant_discovery_endpoint": base + "/v2.0/.well-known/openid-configuration", "metadata": []})
        form = urllib.parse.parse_qs(raw.decode())
        if path.endswith("/oauth2/v2.0/devicecode"):
            return self.reply(200, {"device_code": "sim-device-code", "user_code": "SIMCODE", "verification_uri": "https://microsoft.com/devicelogin",
                                    "expires_in": 900, "interval": 1,
                                    "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code SIMCODE to authenticate."})
        if path.endswith("/oauth2/v2.0/token"):
            scope = form.get("scope", [""])[0]
            audience = "https://graph.microsoft.com" if "graph" in scope else "https://management.core.windows.net/"
            user = STATE["user"]
            client = form.get("client_id", [""])[0]
            claims = {"aud": audience, "iss": "https://sts.windows.net/" + STATE["tenantId"] + "/", "tid": STATE["tenantId"],
                      "appid": client, "idtyp": "user", "oid": user["id"], "upn": user["upn"], "name": user["name"],
                      "wids": ["62e90394-69f5-4237-9190-012177145e10"], "iat": int(time.time()), "exp": int(time.time()) + 3600}
            if audience.startswith("https://graph") and client == AZURE_CLI_APP_ID:
                claims["scp"] = AZURE_CLI_GRAPH_SCOPES
            else:
                claims["scp"] = "user_impersonation"
            id_token = token({"aud": client, "iss": "https://login.microsoftonline.com/" + STATE["tenantId"] + "/v2.0", "tid": STATE["tenantId"],
                              "oid": user["id"], "sub": user["id"], "preferred_username": user["upn"], "name": user["name"],
                              "iat": int(time.time()), "exp": int(time.time()) + 3600, "ver": "2.0"})
            client_info = b64url(json.dumps({"uid": user["id"], "utid": STATE["tenantId"]}).encode())
            return self.reply(200, {"token_type": "Bearer", "scope": scope, "expires_in": 3600, "ext_expires_in": 3600,
                                    "access_token": token(claims), "refresh_token": "sim-refresh-" + uuid.uuid4().hex,
                                    "id_token": id_token, "client_info": client_info})
        return self.reply(404, {"error": "not_found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_PUT(self):
        self.handle_any("PUT")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global FOLDER, STATE
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--seed")
    args = parser.parse_args()
    FOLDER = args.state
    pki = os.path.join(FOLDER, "pki")
    os.makedirs(pki, mode=0o700, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, ca_cert = test_pki._ca("spconnect test CA", now)
    key, cert = test_pki._leaf(ca_key, ca_cert, HOSTS, ["127.0.0.1"], now - datetime.timedelta(hours=1), now + datetime.timedelta(days=2))
    pem = serialization.Encoding.PEM
    test_pki._write(os.path.join(pki, "ca.pem"), ca_cert.public_bytes(pem), 0o644)
    test_pki._write(os.path.join(pki, "server.pem"), cert.public_bytes(pem), 0o644)
    test_pki._write(os.path.join(pki, "server.key"), key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()), 0o600)
    STATE = {"tenantId": str(uuid.uuid4()), "domains": ["contoso.onmicrosoft.com"],
             "user": {"id": str(uuid.uuid4()), "upn": "admin@contoso.onmicrosoft.com", "name": "Tenant Admin"},
             "applications": [], "servicePrincipals": [], "appRoleAssignments": [], "sites": {}, "replicating": []}
    if args.seed:
        with open(args.seed, encoding="utf-8") as f:
            STATE.update(json.load(f))
    save()
    server = Server(("127.0.0.1", 0), Handler)
    server.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.tls.load_cert_chain(os.path.join(pki, "server.pem"), os.path.join(pki, "server.key"))
    with open(os.path.join(FOLDER, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(os.path.join(FOLDER, "port.tmp"), os.path.join(FOLDER, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
