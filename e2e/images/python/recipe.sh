# python:<3.12 tag> stand-in: Debian bookworm's python3 (3.11), pip and venv. Like the upstream
# image it runs as root unless the pod says otherwise (our pod templates run it as 65532 with
# HOME=/tmp on a read-only root); nothing in it needs root or a writable root filesystem.
RECIPE_BASE=debian
RECORD_PACKAGES="python3 python3.11 python3-pip"
IMAGE_CONFIG='{
  "Cmd": ["python3"],
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "PYTHON_VERSION=3.11"],
  "WorkingDir": "/",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: Debian bookworm python3 3.11 (not CPython 3.12)"}
}'

build_rootfs() {
  local root=$1
  chroot_apt_install "$root" python3 python3-venv python3-pip
  ln -sf /usr/bin/python3 "$root/usr/local/bin/python"
  ln -sf /usr/bin/pip3 "$root/usr/local/bin/pip"
  # The upstream image's Python is not "externally managed": `pip install --user` (HOME=/tmp) works.
  rm -f "$root"/usr/lib/python3.*/EXTERNALLY-MANAGED
}
