"""Airflow DAGs that run SkySift every night: one on a Dataproc cluster, one on EMR Serverless.

Copy this file to the DAGs folder of an Airflow with apache-airflow-providers-google and
apache-airflow-providers-amazon installed. The jar and the config must already be in the bucket
(submit/dataproc.sh and submit/emr.sh --dry-run print the copy commands); replace the YOUR-... values
or set the Airflow Variables named below. Connections (google_cloud_default, aws_default) hold the
auth: nothing secret lives here.

Each run's folder is named for the DAG run's logical date (run_id=skysift-YYYYMMDD), so an Airflow
retry of the same night resumes that run instead of starting another one.
"""
from __future__ import annotations

from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

from airflow.providers.amazon.aws.operators.emr import EmrServerlessStartJobOperator
from airflow.providers.google.cloud.operators.dataproc import DataprocSubmitJobOperator

VERSION = "0.1.0-SNAPSHOT"  # the <version> in pom.xml, part of the job jar's name
MAIN_CLASS = "org.skysift.cli.SkySift"
RUN_ID = "run_id=skysift-{{ ds_nodash }}"
# 4 cores and 8g per executor: ~50 MB of heap and ~2-3 s of compute per 60' tile (conf/cloud-*.yaml)
SIZING = {"spark.executor.memory": "8g", "spark.executor.cores": "4", "spark.driver.memory": "4g"}

DEFAULT_ARGS = {"retries": 2, "retry_delay": timedelta(minutes=10)}


def var(name: str, default: str) -> str:
    """An Airflow Variable, read when the task runs (a Jinja template: the operators' fields are templated)."""
    return "{{ var.value.get('%s', '%s') }}" % (name, default)


# Dataproc: a job on an existing cluster with image 2.2/2.3 (Spark 3.5, Scala 2.12 -> spark3.5_2.12 jar).
with DAG(
    dag_id="skysift_dataproc",
    schedule="0 2 * * *",
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["skysift"],
) as dataproc_dag:
    gcs = var("skysift_gcs_prefix", "gs://YOUR-BUCKET/skysift")
    DataprocSubmitJobOperator(
        task_id="skysift_run",
        project_id=var("skysift_gcp_project", "YOUR-PROJECT"),
        region=var("skysift_gcp_region", "europe-west1"),
        job={
            "placement": {"cluster_name": var("skysift_dataproc_cluster", "skysift")},
            "spark_job": {
                "main_class": MAIN_CLASS,
                "jar_file_uris": [f"{gcs}/jars/skysift-{VERSION}-spark3.5_2.12-job.jar"],
                "file_uris": [f"{gcs}/conf/cloud-gcs.yaml"],
                "args": ["run", "--config", "cloud-gcs.yaml", "--set", RUN_ID],
                "properties": SIZING,
            },
        },
    )

# EMR Serverless: an application on emr-spark-8.0.0 (Spark 4.0, Scala 2.13 -> spark4_2.13 jar).
with DAG(
    dag_id="skysift_emr_serverless",
    schedule="0 2 * * *",
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["skysift"],
) as emr_dag:
    s3 = var("skysift_s3_prefix", "s3://YOUR-BUCKET/skysift")
    conf_args = " ".join(f"--conf {k}={v}" for k, v in SIZING.items())
    EmrServerlessStartJobOperator(
        task_id="skysift_run",
        application_id=var("skysift_emr_application_id", "YOUR-APPLICATION-ID"),
        execution_role_arn=var("skysift_emr_role_arn", "arn:aws:iam::123456789012:role/YOUR-SKYSIFT-JOB-ROLE"),
        name="skysift-{{ ds_nodash }}",
        job_driver={
            "sparkSubmit": {
                "entryPoint": f"{s3}/jars/skysift-{VERSION}-spark4_2.13-job.jar",
                "entryPointArguments": ["run", "--config", "cloud-s3a.yaml", "--set", RUN_ID],
                "sparkSubmitParameters": f"--class {MAIN_CLASS} --files {s3}/conf/cloud-s3a.yaml {conf_args}",
            }
        },
        configuration_overrides={
            "monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": f"{s3}/logs/"}}
        },
        wait_for_completion=True,
    )
