/**
 * The Python program the secret bootstrap Job runs (Python standard library only, so it runs in
 * the Airflow image). For every Secret it is given it creates the Secret when missing and adds
 * missing keys; it never changes a value that exists and never prints one.
 *
 * Input: a JSON file `{"labels": {...}, "annotations": {...}, "secrets": [{"name", "key", "generator", "users"?}]}`.
 * A `password-file` value is a JSON object of user -> password; users missing from an existing
 * file are added, and the passwords already in it are kept.
 */
export const SECRET_BOOTSTRAP_SCRIPT = String.raw`"""Create missing Airflow secrets inside the cluster. Existing values are never changed."""
import base64
import json
import os
import secrets
import ssl
import sys
import time
import urllib.error
import urllib.request

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"


def generate(item):
    generator = item["generator"]
    if generator == "fernet-key":
        return base64.urlsafe_b64encode(os.urandom(32)).decode()
    if generator == "hex-token":
        return secrets.token_hex(32)
    if generator == "password-file":
        return complete_password_file(item, "{}")
    raise ValueError("unknown generator: %s" % generator)


def complete_password_file(item, current):
    """The password file with a password for every user; existing passwords are kept."""
    try:
        passwords = json.loads(current or "{}")
    except ValueError:
        passwords = None
    if not isinstance(passwords, dict):
        raise SystemExit("Secret %s key %s is not a JSON object of user -> password: fix or delete the key"
                         % (item["name"], item["key"]))
    for user in item.get("users", []):
        if user not in passwords:
            passwords[user] = secrets.token_urlsafe(18)
    return json.dumps(passwords, sort_keys=True)


def encode(value):
    return base64.b64encode(value.encode()).decode()


def completed(item, current):
    """The new value of a key that exists, or None when it stays as it is."""
    if item["generator"] != "password-file":
        return None
    value = base64.b64decode(current).decode()
    new = complete_password_file(item, value)
    return None if json.loads(new) == json.loads(value or "{}") else new


class Api:
    def __init__(self):
        with open(os.path.join(SA_DIR, "token")) as f:
            self.token = f.read().strip()
        with open(os.path.join(SA_DIR, "namespace")) as f:
            self.namespace = f.read().strip()
        host = os.environ["KUBERNETES_SERVICE_HOST"]
        if ":" in host:
            host = "[%s]" % host
        base = os.environ.get("BOOTSTRAP_API_URL") or "https://%s:%s" % (host, os.environ["KUBERNETES_SERVICE_PORT"])
        self.secrets_url = "%s/api/v1/namespaces/%s/secrets" % (base, self.namespace)
        self.context = ssl.create_default_context(cafile=os.path.join(SA_DIR, "ca.crt")) if base.startswith("https") else None

    def call(self, method, url, body=None, content_type="application/json"):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, {}


def ensure(api, name, wanted, metadata):
    """Returns the keys added to the Secret; retries when another writer got there first."""
    for _ in range(5):
        status, current = api.call("GET", "%s/%s" % (api.secrets_url, name))
        if status == 404:
            data = {key: encode(generate(item)) for key, item in wanted.items()}
            body = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                    "metadata": dict(metadata, name=name), "data": data}
            status, _ = api.call("POST", api.secrets_url, body)
            if status == 201:
                return sorted(wanted)
        elif status == 200:
            present = current.get("data") or {}
            data = {key: encode(generate(item)) for key, item in wanted.items() if key not in present}
            for key, item in wanted.items():
                value = completed(item, present[key]) if key in present else None
                if value is not None:
                    data[key] = encode(value)
            if not data:
                return []
            # resourceVersion makes the patch fail with 409 if someone else wrote the Secret meanwhile.
            patch = {"metadata": {"resourceVersion": current["metadata"]["resourceVersion"]}, "data": data}
            status, _ = api.call("PATCH", "%s/%s" % (api.secrets_url, name), patch, "application/merge-patch+json")
            if status == 200:
                return sorted(data)
        if status == 403:
            raise SystemExit("forbidden to read or write Secret %s: check the secret-bootstrap Role" % name)
        if status not in (404, 409):
            raise SystemExit("unexpected HTTP %s for Secret %s" % (status, name))
        time.sleep(1)
    raise SystemExit("gave up on Secret %s after repeated conflicts" % name)


def main(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    wanted = {}
    for item in spec["secrets"]:
        wanted.setdefault(item["name"], {})[item["key"]] = item
    api = Api()
    for name in sorted(wanted):
        metadata = {"labels": spec.get("labels", {}), "annotations": spec.get("annotations", {})}
        added = ensure(api, name, wanted[name], metadata)
        if added:
            print("Secret %s: generated %s" % (name, ", ".join(added)))
        else:
            print("Secret %s: complete, left unchanged" % name)


if __name__ == "__main__":
    main(sys.argv[1])
`;
