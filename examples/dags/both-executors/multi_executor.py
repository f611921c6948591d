"""
Scenario multi.executor (e2e/PENDING.md): one DAG, two executors in one Airflow instance.

The first task names no executor, so it runs on the default one, CeleryExecutor: a Celery worker
pod of dist/airflow-migration.k8s.yaml. The second asks for KubernetesExecutor and runs in a pod
of its own, started by the scheduler from /opt/airflow/pod_templates/default.yaml. Each returns
the host it ran on; the second fails if both ran in the same pod, so a green run means both
executors ran a task.
"""

from __future__ import annotations

import socket

from airflow.sdk import dag, task


@dag(schedule=None, catchup=False, tags=["e2e", "multi-executor"])
def multi_executor():
    @task  # the default executor: CeleryExecutor
    def on_celery_worker() -> dict[str, str]:
        return {"host": socket.gethostname()}

    @task(executor="KubernetesExecutor")
    def in_own_pod(first: dict[str, str]) -> dict[str, str]:
        here = socket.gethostname()
        if here == first["host"]:
            raise RuntimeError(f"both tasks ran in {here}: KubernetesExecutor did not start a pod for this task")
        return {"host": here, "first": first["host"]}

    in_own_pod(on_celery_worker())


multi_executor()
