#!/usr/bin/env python3
"""Write an OCI image layout archive from a root filesystem directory.

    oci_image.py layer --rootfs DIR --out LAYER.tar --epoch N
        One uncompressed, deterministic layer: entries sorted by name, numeric owners, mtimes
        clamped to N, no atime/ctime; prints the layer's diff_id (sha256 of the tar).
    oci_image.py image --layer LAYER.tar --config CONFIG.json --name REF --out IMAGE.oci.tar --epoch N
        An OCI image layout archive (oci-layout, index.json, blobs/sha256/...) holding one image
        whose index entry carries the name containerd's `ctr images import` stores it under
        (io.containerd.image.name, fully qualified the way kubelet looks it up) and the tag as
        org.opencontainers.image.ref.name.

CONFIG.json holds the image's runtime config in the OCI spelling:
    {"Entrypoint": [...], "Cmd": [...], "Env": ["K=V"], "User": "50000:0", "WorkingDir": "/", ...}
"""
import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time

MANIFEST = "application/vnd.oci.image.manifest.v1+json"
CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar"


def normalize(ref):
    """The fully qualified name kubelet (and the CRI plugin) resolve a manifest's image to."""
    name, tag = ref, "latest"
    if "@" in name:
        raise SystemExit("digest references are not supported: %s" % ref)
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = "docker.io/library/" + name
    elif not ("." in first or ":" in first or first == "localhost"):
        name = "docker.io/" + name
    return "%s:%s" % (name, tag), tag


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cmd_layer(args):
    rootfs = os.path.abspath(args.rootfs)
    # Every entry below the root, sorted bytewise, so the archive does not depend on readdir order.
    entries = []
    for top, dirs, files in os.walk(rootfs):
        rel = os.path.relpath(top, rootfs)
        for n in dirs + files:
            entries.append(n if rel == "." else os.path.join(rel, n))
    entries.sort(key=os.fsencode)
    with tempfile.NamedTemporaryFile("wb", delete=False, dir=os.path.dirname(os.path.abspath(args.out))) as lst:
        lst.write(b"\0".join(os.fsencode(e) for e in entries) + b"\0")
    try:
        subprocess.run(
            ["tar", "--create", "--file", args.out, "--directory", rootfs, "--null", "--no-recursion",
             "--files-from", lst.name, "--format=posix", "--numeric-owner",
             "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
             "--mtime=@%d" % args.epoch, "--clamp-mtime", "--xattrs", "--xattrs-include=security.capability"],
            check=True)
    finally:
        os.unlink(lst.name)
    print("sha256:" + sha256_file(args.out))


def add_bytes(tar, name, data, epoch):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = epoch
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def cmd_image(args):
    full, tag = normalize(args.name)
    with open(args.config) as f:
        runtime = json.load(f)
    layer_digest = "sha256:" + sha256_file(args.layer)
    layer_size = os.path.getsize(args.layer)
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(args.epoch))
    config = {
        "created": created,
        "architecture": "amd64",
        "os": "linux",
        "config": runtime,
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
        "history": [{"created": created, "created_by": "cdk8s-airflow e2e/images (%s)" % args.recipe}],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    config_digest = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST,
        "config": {"mediaType": CONFIG, "digest": config_digest, "size": len(config_bytes)},
        "layers": [{"mediaType": LAYER, "digest": layer_digest, "size": layer_size}],
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    manifest_digest = "sha256:" + hashlib.sha256(manifest_bytes).hexdigest()
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": MANIFEST,
            "digest": manifest_digest,
            "size": len(manifest_bytes),
            "platform": {"architecture": "amd64", "os": "linux"},
            "annotations": {"io.containerd.image.name": full, "org.opencontainers.image.ref.name": tag},
        }],
    }
    tmp = args.out + ".tmp"
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        add_bytes(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}', args.epoch)
        add_bytes(tar, "index.json", json.dumps(index, sort_keys=True, separators=(",", ":")).encode(), args.epoch)
        for digest, data in ((manifest_digest, manifest_bytes), (config_digest, config_bytes)):
            add_bytes(tar, "blobs/sha256/" + digest.split(":")[1], data, args.epoch)
        info = tar.gettarinfo(args.layer, "blobs/sha256/" + layer_digest.split(":")[1])
        info.mtime, info.uid, info.gid, info.uname, info.gname, info.mode = args.epoch, 0, 0, "", "", 0o644
        with open(args.layer, "rb") as f:
            tar.addfile(info, f)
    os.replace(tmp, args.out)
    print(json.dumps({"name": full, "manifest": manifest_digest, "config": config_digest,
                      "layer": layer_digest, "layer_bytes": layer_size}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    l = sub.add_parser("layer")
    l.add_argument("--rootfs", required=True)
    l.add_argument("--out", required=True)
    l.add_argument("--epoch", type=int, required=True)
    i = sub.add_parser("image")
    i.add_argument("--layer", required=True)
    i.add_argument("--config", required=True)
    i.add_argument("--name", required=True)
    i.add_argument("--out", required=True)
    i.add_argument("--epoch", type=int, required=True)
    i.add_argument("--recipe", default="")
    n = sub.add_parser("normalize")
    n.add_argument("ref")
    args = p.parse_args()
    if args.cmd == "layer":
        cmd_layer(args)
    elif args.cmd == "image":
        cmd_image(args)
    else:
        print(normalize(args.ref)[0])


if __name__ == "__main__":
    sys.exit(main())
