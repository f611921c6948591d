# spark: the layout and user our spark pod templates expect (uid 185, read-only root, emptyDirs at
# /tmp and /opt/spark/work-dir), a local PySpark Pi job through spark-submit, the entrypoint's
# driver mode (spark-submit in client mode, as the Kubernetes backend starts a driver pod) and its
# executor mode (the KubernetesExecutorBackend class and arguments, up to the driver connection).
check_image() {
  local out sp=(--mount type=tmpfs,src=tmpfs,dst=/opt/spark/work-dir,options=rw:nosuid:nodev:mode=1777)
  out=$(run_ro "${sp[@]}" -- sp-id /opt/entrypoint.sh sh -c 'id; echo "SPARK_HOME=$SPARK_HOME"; java -version 2>&1 | head -n1; python3 --version; ls /opt/spark/jars | grep -cE "^(spark-kubernetes_2.12-3.5.5|kubernetes-client-6).*\.jar$"; ls /opt/spark/examples/src/main/python/pi.py /opt/spark/python/lib/; pwd' 2>&1)
  echo "$out" | sed 's/^/    /'
  expect "user spark uid 185 gid 185" grep -q '^uid=185(spark) gid=185(spark)' <<<"$out"
  expect "OpenJDK 17" grep -q 'openjdk version "17' <<<"$out"
  expect "spark-kubernetes and kubernetes-client jars present" grep -qx 2 <<<"$out"
  expect "examples/src/main/python/pi.py and python/lib zips" has_all "$out" 'pi\.py' 'pyspark\.zip' 'py4j-0\.10\.9\.7-src\.zip'
  local t0=$SECONDS
  out=$(run_ro "${sp[@]}" -- sp-pi /opt/entrypoint.sh spark-submit --master 'local[1]' --conf spark.ui.enabled=false \
    /opt/spark/examples/src/main/python/pi.py 4 2>&1; echo "exit=$?")
  echo "$out" | grep -E 'Pi is roughly|exit=|Exception|Error' | head -n 5 | sed 's/^/    /'
  echo "    (local Pi run: $((SECONDS - t0)) s)"
  expect "spark-submit --master local[1] pi.py prints Pi, exit 0" has_all "$out" 'Pi is roughly 3\.' '^exit=0$'
  t0=$SECONDS
  out=$(run_ro "${sp[@]}" --env SPARK_DRIVER_BIND_ADDRESS=127.0.0.1 -- sp-driver /opt/entrypoint.sh driver \
    --master 'local[1]' --conf spark.ui.enabled=false /opt/spark/examples/src/main/python/pi.py 2 2>&1; echo "exit=$?")
  echo "$out" | grep -E 'Pi is roughly|exit=' | sed 's/^/    /'
  expect "entrypoint 'driver' runs spark-submit (client mode, bind address) and the job" has_all "$out" 'Pi is roughly 3\.' '^exit=0$'
  out=$(run_ro "${sp[@]}" --env SPARK_DRIVER_URL=spark://CoarseGrainedScheduler@127.0.0.1:7078 --env SPARK_EXECUTOR_ID=1 \
    --env SPARK_EXECUTOR_CORES=1 --env SPARK_EXECUTOR_MEMORY=512m --env SPARK_APPLICATION_ID=spark-e2e \
    --env SPARK_EXECUTOR_POD_IP=127.0.0.1 --env SPARK_RESOURCE_PROFILE_ID=0 --env SPARK_EXECUTOR_POD_NAME=e2e-exec-1 \
    --env SPARK_JAVA_OPT_0=-Dspark.driver.port=7078 --env SPARK_JAVA_OPT_1=-Dspark.network.timeout=5s -- sp-exec \
    timeout 60 /opt/entrypoint.sh executor 2>&1 | grep -E 'Started daemon|Connecting to driver|Failed to connect|Connection refused|Exception' | head -n 6)
  echo "$out" | sed 's/^/    /' | cut -c1-200
  expect "entrypoint 'executor' starts KubernetesExecutorBackend, which dials the driver URL" has_all "$out" 'KubernetesExecutorBackend: Started daemon' 'Failed to connect to .*7078|Connection refused'
}
