"""Two BashOperator tasks: the smallest thing Airflow runs. Trigger it from the UI."""

from __future__ import annotations

import pendulum

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import dag


@dag(
    dag_id="example_bash",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["example", "cdk8s-airflow"],
)
def example_bash():
    hello = BashOperator(task_id="hello", bash_command='echo "hello from $(hostname)"')
    clock = BashOperator(task_id="clock", bash_command="date -u")
    hello >> clock


example_bash()
