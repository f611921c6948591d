# apache/spark:3.5.5 stand-in: Debian bookworm's OpenJDK 17 (headless JRE) and python3 (3.11), and
# Spark 3.5.5 as PyPI's pyspark 3.5.5 package carries it (its jars include spark-kubernetes_2.12 and
# the fabric8 kubernetes-client 6.7.2 jars, so nothing comes from Maven Central), laid out as
# SPARK_HOME=/opt/spark; user spark 185:185; our own /opt/entrypoint.sh with the driver / executor
# contract of Spark's Kubernetes backend.
RECIPE_BASE=debian
RECORD_PACKAGES="openjdk-17-jre-headless python3.11 tini"
SPARK_VERSION=3.5.5
PY4J_VERSION=0.10.9.7
IMAGE_CONFIG='{
  "Entrypoint": ["/opt/entrypoint.sh"],
  "Env": ["PATH=/opt/spark/bin:/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG=C.UTF-8", "SPARK_HOME=/opt/spark", "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "SPARK_VERSION='"$SPARK_VERSION"'"],
  "User": "185",
  "WorkingDir": "/opt/spark/work-dir",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: Spark 3.5.5 from PyPI pyspark on Debian OpenJDK 17 and python3 3.11"}
}'

build_rootfs() {
  local root=$1 spark=$1/opt/spark src
  in_chroot "$root" groupadd --system --gid 185 spark
  in_chroot "$root" useradd --system --uid 185 --gid 185 --home-dir /home/spark --no-create-home --shell /bin/bash spark
  chroot_apt_install "$root" openjdk-17-jre-headless python3 python3-venv procps tini
  chroot_pip_download "$root" "$RECIPE_DIR/requirements.txt"
  src=$root/tmp/pyspark
  mkdir -p "$src" "$spark/python/lib" "$spark/examples/src/main/python" "$spark/conf" "$spark/work-dir"
  tar -xzf "$E2E_CACHE/pip/wheels/pyspark-$SPARK_VERSION.tar.gz" -C "$src" --strip-components=1 --no-same-owner
  cp -a "$src/deps/jars" "$spark/jars"
  mkdir -p "$spark/bin" "$spark/sbin"
  find "$src/deps/bin" -maxdepth 1 -type f ! -name '*.cmd' -exec cp -a -t "$spark/bin" {} +
  cp -a "$src/deps/sbin/." "$spark/sbin/"
  cp -a "$src/deps/examples/." "$spark/examples/src/main/python/"
  cp -a "$src/deps/licenses" "$spark/licenses" 2>/dev/null || true
  # PySpark the way Spark's PythonRunner puts it on PYTHONPATH: $SPARK_HOME/python/lib/*.zip.
  python3 - "$src" "$E2E_CACHE/pip/wheels/py4j-$PY4J_VERSION-py2.py3-none-any.whl" "$spark/python/lib" "$PY4J_VERSION" <<'PY'
import os, sys, zipfile
src, py4j_whl, out, py4j_version = sys.argv[1:5]
def add_tree(z, base, top):
    for d, dirs, files in os.walk(os.path.join(base, top)):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".pyc"):
                continue
            p = os.path.join(d, f)
            info = zipfile.ZipInfo(os.path.relpath(p, base), date_time=(2025, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            with open(p, "rb") as fh:
                z.writestr(info, fh.read(), zipfile.ZIP_DEFLATED)
with zipfile.ZipFile(os.path.join(out, "pyspark.zip"), "w") as z:
    add_tree(z, src, "pyspark")
with zipfile.ZipFile(py4j_whl) as w, zipfile.ZipFile(os.path.join(out, "py4j-%s-src.zip" % py4j_version), "w") as z:
    for n in sorted(w.namelist()):
        if n.startswith("py4j/"):
            info = zipfile.ZipInfo(n, date_time=(2025, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, w.read(n), zipfile.ZIP_DEFLATED)
PY
  printf 'Spark %s built for Hadoop 3 (the jars of PyPI pyspark %s; cdk8s-airflow e2e stand-in)\n' "$SPARK_VERSION" "$SPARK_VERSION" >"$spark/RELEASE"
  install -m 0755 "$RECIPE_DIR/entrypoint.sh" "$root/opt/entrypoint.sh"
  chown -R 0:0 "$spark"
  chown 185:185 "$spark/work-dir" && chmod 0775 "$spark/work-dir"
  chmod a+x "$spark/bin/"* "$spark/sbin/"*
  # The download venv and the unpacked package live in the chroot's /tmp (a tmpfs): gone on unmount.
}

record_versions() {
  printf 'pyspark=%s py4j=%s spark-kubernetes=%s kubernetes-client=%s' "$SPARK_VERSION" "$PY4J_VERSION" \
    "$(cd "$1/opt/spark/jars" && ls spark-kubernetes_*.jar | sed 's/^spark-kubernetes_//; s/\.jar$//')" \
    "$(cd "$1/opt/spark/jars" && ls kubernetes-client-[0-9]*.jar | sed 's/^kubernetes-client-//; s/\.jar$//')"
}
