#!/usr/bin/env bash
# /opt/entrypoint.sh of the cdk8s-airflow e2e Spark stand-in. Written for this project after the
# contract of Spark's Kubernetes backend (Spark 3.5 docs and the env vars its driver and executor
# pod builders set):
#   driver ARGS...    the driver pod of cluster mode: spark-submit in client mode inside the pod,
#                     bound to SPARK_DRIVER_BIND_ADDRESS (the pod IP), which executors also get as
#                     SPARK_DRIVER_POD_IP; ARGS are what spark-submit passed (--properties-file
#                     ..., --class ..., the application and its arguments).
#   executor          an executor pod: java running org.apache.spark.scheduler.cluster.k8s.
#                     KubernetesExecutorBackend with SPARK_DRIVER_URL, SPARK_EXECUTOR_ID,
#                     SPARK_EXECUTOR_CORES, SPARK_EXECUTOR_MEMORY (heap), SPARK_APPLICATION_ID,
#                     SPARK_EXECUTOR_POD_IP, SPARK_RESOURCE_PROFILE_ID, SPARK_EXECUTOR_POD_NAME,
#                     JVM options SPARK_JAVA_OPT_0, _1, ... in order, classpath SPARK_CLASSPATH,
#                     SPARK_EXECUTOR_EXTRA_CLASSPATH and the config dir.
#   anything else     exec'd as given (spark-submit ..., python3 ..., bash).
# Driver and executor run under tini, which reaps the Python workers Spark forks.
set -eo pipefail

export SPARK_HOME=${SPARK_HOME:-/opt/spark}
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  export JAVA_HOME
fi

# No passwd entry for the pod's uid (JVM user lookups and Hadoop's login need a name): say so.
if ! getent passwd "$(id -u)" >/dev/null; then
  echo "entrypoint: uid $(id -u) has no passwd entry in this image (the image's user is spark, 185); set SPARK_USER if Hadoop needs a name" >&2
fi

conf_dir=${SPARK_CONF_DIR:-$SPARK_HOME/conf}
classpath=$conf_dir
[ -n "${HADOOP_CONF_DIR:-}" ] && classpath=$HADOOP_CONF_DIR:$classpath
classpath=$classpath:$SPARK_HOME/jars/*
[ -n "${SPARK_CLASSPATH:-}" ] && classpath=$classpath:$SPARK_CLASSPATH
[ -n "${SPARK_EXECUTOR_EXTRA_CLASSPATH:-}" ] && classpath=$classpath:$SPARK_EXECUTOR_EXTRA_CLASSPATH
[ -n "${SPARK_DIST_CLASSPATH:-}" ] && classpath=$classpath:$SPARK_DIST_CLASSPATH
# Files shipped to the working directory (spark.files, --py-files) are on the classpath too.
classpath=$classpath:$PWD

case "${1:-}" in
  driver)
    shift
    : "${SPARK_DRIVER_BIND_ADDRESS:?driver mode needs SPARK_DRIVER_BIND_ADDRESS (set by Spark from the pod IP)}"
    exec /usr/bin/tini -s -- "$SPARK_HOME/bin/spark-submit" \
      --conf "spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    for v in SPARK_DRIVER_URL SPARK_EXECUTOR_ID SPARK_EXECUTOR_CORES SPARK_EXECUTOR_MEMORY SPARK_APPLICATION_ID SPARK_EXECUTOR_POD_IP; do
      [ -n "${!v:-}" ] || { echo "entrypoint: executor mode needs $v (set by the Spark driver)" >&2; exit 1; }
    done
    java_opts=()
    while IFS= read -r name; do
      java_opts+=("${!name}")
    done < <(compgen -e | grep '^SPARK_JAVA_OPT_[0-9]*$' | sort -t_ -k4,4n)
    exec /usr/bin/tini -s -- "$JAVA_HOME/bin/java" "${java_opts[@]}" \
      -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" -cp "$classpath" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "${SPARK_RESOURCE_PROFILE_ID:-0}" --podName "${SPARK_EXECUTOR_POD_NAME:-$(hostname)}" "$@"
    ;;
  "")
    echo "entrypoint: give 'driver', 'executor' or a command (e.g. spark-submit ...)" >&2
    exit 2
    ;;
  *)
    exec "$@"
    ;;
esac
