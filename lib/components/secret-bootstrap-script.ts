/**
 * The Python program the secret bootstrap Job runs (Python standard library only, so it runs in
 * the Airflow image). For every Secret it is given it creates the Secret when missing and adds
 * missing keys; it never changes a value that exists and never prints one.
 *
 * Input: a JSON file `{"labels": {...}, "annotations": {...}, "secrets": [{"name", "key", "generator"}]}`.
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


def generate(generator):
    if generator == "fernet-key":
        return base64.urlsafe_b64encode(os.urandom(32)).decode()
    if generator == "hex-token":
        return secrets.token_hex(32)
    raise ValueError("unknown generator: %s" % generator)


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
            data = {key: base64.b64encode(generate(gen).encode()).decode() for key, gen in wanted.items()}
            body = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                    "metadata": dict(metadata, name=name), "data": data}
            status, _ = api.call("POST", api.secrets_url, body)
            if status == 201:
                return sorted(wanted)
        elif status == 200:
            present = current.get("data") or {}
            missing = {key: gen for key, gen in wanted.items() if key not in present}
            if not missing:
                return []
            data = {key: base64.b64encode(generate(gen).encode()).decode() for key, gen in missing.items()}
            # resourceVersion makes the patch fail with 409 if someone else wrote the Secret meanwhile.
            patch = {"metadata": {"resourceVersion": current["metadata"]["resourceVersion"]}, "data": data}
            status, _ = api.call("PATCH", "%s/%s" % (api.secrets_url, name), patch, "application/merge-patch+json")
            if status == 200:
                return sorted(missing)
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
        wanted.setdefault(item["name"], {})[item["key"]] = item["generator"]
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
