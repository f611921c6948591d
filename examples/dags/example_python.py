"""A PythonOperator hands a value to a TaskFlow task through XCom (the execution API)."""

from __future__ import annotations

import pendulum

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import dag, task


def count_rows() -> dict[str, int]:
    return {"rows": 3}


@dag(
    dag_id="example_python",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["example", "cdk8s-airflow"],
)
def example_python():
    extract = PythonOperator(task_id="extract", python_callable=count_rows)

    @task
    def report(summary: dict[str, int]) -> None:
        print(f"extracted {summary['rows']} rows")

    report(extract.output)


example_python()
