#!/usr/bin/env python3
"""A stand-in for the Azure CLI, for testing the rendered register-app.sh without a tenant.

It answers the few `az` commands the script uses (cloud set, account show, login, rest)
from a JSON file named by FAKE_AZ_STATE, which it updates like Microsoft Graph would:
applications with key credentials (PATCH replaces the list; existing keys are kept only
when sent back by keyId), service principals with app roles, app-role assignments, and
sites with app permissions. `--query` is JMESPath (the library az itself uses) and `-o tsv`
prints as az does. FAKE_AZ_FAIL (a substring of "METHOD path") makes that call fail.
Every call is appended to the state's "calls".
"""
import base64
import hashlib
import json
import os
import sys
import urllib.parse
import uuid

import jmespath

STATE = os.environ["FAKE_AZ_STATE"]


def load():
    with open(STATE, encoding="utf-8") as f:
        return json.load(f)


def save(state):
    with open(STATE, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=1)


def fail(message, code=1):
    print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(code)


def options(args):
    found, rest = {}, []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg.startswith("-") and arg not in ("--only-show-errors", "--allow-no-subscriptions"):
            found[arg] = args[index + 1]
            index += 2
        else:
            rest.append(arg)
            index += 1
    return found, rest


def emit(result, opts):
    query = opts.get("--query")
    if query:
        result = jmespath.search(query, result)
    output = opts.get("-o", opts.get("--output", "json"))
    if output == "none":
        return
    if output == "json":
        print(json.dumps(result, indent=2))
        return
    if result is None:
        return
    rows = result if isinstance(result, list) else [result]
    for row in rows:
        if isinstance(row, list):
            print("\t".join("" if v is None else str(v) for v in row))
        elif isinstance(row, dict):
            print("\t".join("" if v is None else str(v) for v in row.values()))
        elif isinstance(row, bool):
            print(str(row).lower())
        else:
            print(row)


def odata_literal(expression, field):
    prefix = f"{field} eq '"
    if not expression.startswith(prefix) or not expression.endswith("'"):
        fail(f"Bad Request: unsupported filter {expression!r}")
    return expression[len(prefix):-1].replace("''", "'")


def thumbprint_b64(key_b64):
    return base64.b64encode(hashlib.sha1(base64.b64decode(key_b64)).digest()).decode()


def public_key(credential):
    return {k: (None if k == "key" else v) for k, v in credential.items()}


def rest(state, opts):
    method = opts["--method"].upper()
    resource = opts["--resource"]
    url = opts["--url"]
    if not url.startswith(resource + "/v1.0/"):
        fail(f"url {url} is not on the resource {resource}")
    tail = url[len(resource) + len("/v1.0/"):]
    path, _, query = tail.partition("?")
    params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    body = json.loads(opts["--body"]) if "--body" in opts else None
    state["calls"].append(f"{method} {urllib.parse.unquote(path)}")
    failing = os.environ.get("FAKE_AZ_FAIL")
    if failing and failing in f"{method} {urllib.parse.unquote(path)}":
        fail(f"Forbidden({method} {path})")
    parts = [urllib.parse.unquote(part) for part in path.split("/")]
    apps, sps = state["applications"], state["servicePrincipals"]

    def app(object_id):
        return next((a for a in apps if a["id"] == object_id), None) or fail("Not Found")

    if parts == ["applications"] and method == "GET":
        name = odata_literal(params["$filter"], "displayName")
        return {"value": [{"id": a["id"], "appId": a["appId"]} for a in apps if a["displayName"] == name]}
    if parts == ["applications"] and method == "POST":
        keys = [dict(k, customKeyIdentifier=thumbprint_b64(k["key"])) for k in body.get("keyCredentials", [])]
        new = {"id": str(uuid.uuid4()), "appId": str(uuid.uuid4()), "displayName": body["displayName"],
               "signInAudience": body["signInAudience"], "keyCredentials": keys,
               "requiredResourceAccess": body.get("requiredResourceAccess", [])}
        apps.append(new)
        return new
    if len(parts) == 2 and parts[0] == "applications" and method == "GET":
        found = app(parts[1])
        return {"keyCredentials": [public_key(k) for k in found["keyCredentials"]],
                "requiredResourceAccess": found["requiredResourceAccess"]}
    if len(parts) == 2 and parts[0] == "applications" and method == "PATCH":
        found = app(parts[1])
        if "keyCredentials" in body:
            kept = []
            for key in body["keyCredentials"]:
                if key.get("key"):
                    kept.append(dict(key, customKeyIdentifier=thumbprint_b64(key["key"])))
                else:
                    old = next((k for k in found["keyCredentials"] if k["keyId"] == key.get("keyId")), None)
                    if old is None:
                        fail("Bad Request: a key credential without key and with an unknown keyId")
                    kept.append(old)
            found["keyCredentials"] = kept
        if "requiredResourceAccess" in body:
            found["requiredResourceAccess"] = body["requiredResourceAccess"]
        return None
    if parts == ["servicePrincipals"] and method == "GET":
        app_id = odata_literal(params["$filter"], "appId")
        return {"value": [{"id": s["id"]} for s in sps if s["appId"] == app_id]}
    if parts == ["servicePrincipals"] and method == "POST":
        if not any(a["appId"] == body["appId"] for a in apps):
            fail("Bad Request: no application with that appId")
        new = {"id": str(uuid.uuid4()), "appId": body["appId"], "appRoles": []}
        sps.append(new)
        return new
    if len(parts) == 2 and parts[0] == "servicePrincipals" and method == "GET":
        found = next((s for s in sps if s["id"] == parts[1]), None) or fail("Not Found")
        return {"appRoles": found["appRoles"]}
    if len(parts) == 3 and parts[2] == "appRoleAssignments":
        if method == "GET":
            return {"value": [a for a in state["appRoleAssignments"] if a["principalId"] == parts[1]]}
        if method == "POST":
            if body["principalId"] != parts[1]:
                fail("Bad Request: principalId")
            state["appRoleAssignments"].append(dict(body, id=str(uuid.uuid4())))
            return None
    if parts[0] == "sites":
        sites = state["sites"]
        if len(parts) >= 2 and (":" in path or (len(parts) == 2 and parts[1] not in {s["id"] for s in sites.values()})):
            key = urllib.parse.unquote(path[len("sites/"):])
            found = sites.get(key) or fail(f"Not Found: site {key}")
            return {"id": found["id"]}
        site = next((s for s in sites.values() if s["id"] == parts[1]), None) or fail("Not Found: site id")
        if len(parts) == 3 and method == "GET":
            return {"value": [{k: v for k, v in p.items() if k != "roles"} for p in site["permissions"]]}
        if len(parts) == 3 and method == "POST":
            identities = body["grantedToIdentities"]
            # Standard base64, as Graph's permission IDs are: some hold "/" or "+".
            site["permissions"].append({"id": "a/b+" + base64.b64encode(os.urandom(12)).decode(), "roles": body["roles"],
                                        "grantedToIdentities": identities, "grantedToIdentitiesV2": identities})
            return None
        permission = next((p for p in site["permissions"] if p["id"] == parts[3]), None) or fail("Not Found")
        if method == "GET":
            return permission
        if method == "PATCH":
            permission["roles"] = body["roles"]
            return None
    fail(f"Bad Request: the fake has no route for {method} {path}")


def main(argv):
    state = load()
    try:
        if argv[:2] == ["cloud", "set"]:
            state["cloud"] = options(argv[2:])[0]["--name"]
        elif argv[:2] == ["account", "show"]:
            if not state.get("loggedIn"):
                fail("Please run 'az login' to setup account.")
            emit({"tenantId": state["tenantId"]}, options(argv[2:])[0])
        elif argv[:1] == ["login"]:
            state["loggedIn"] = True
            state["loginTenant"] = options(argv[1:])[0]["--tenant"]
        elif argv[:1] == ["rest"]:
            opts = options(argv[1:])[0]
            emit(rest(state, opts), opts)
        else:
            fail(f"the fake has no command az {' '.join(argv)}", 2)
    finally:
        save(state)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
