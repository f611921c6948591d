"""A KubernetesPodOperator task in the `python` family's pod: any image, its own resources.

The family's pod template (`/opt/airflow/pod_templates/python.yaml`, see `index.json` next to it)
sets the image, resources, security context and namespace; the task only says what to run.
"""

from __future__ import annotations

import pendulum

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.sdk import dag


@dag(
    dag_id="example_kubernetes_pod",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["example", "cdk8s-airflow"],
)
def example_kubernetes_pod():
    KubernetesPodOperator(
        task_id="python_family",
        pod_template_file="/opt/airflow/pod_templates/python.yaml",
        cmds=["python", "-c"],
        arguments=["import platform; print('hello from', platform.python_version())"],
    )


example_kubernetes_pod()
