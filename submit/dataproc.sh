#!/usr/bin/env bash
# Submits the SkySift job to Google Cloud Dataproc: a job on a cluster, or a Serverless batch.
#   submit/dataproc.sh job   --cluster NAME --region R --runtime IMAGE --config FILE [options] [skysift run options]
#   submit/dataproc.sh batch --region R --runtime VERSION --config FILE [options] [skysift run options]
# --runtime: for a job, the cluster's image version (2.2, 2.3: Spark 3.5/Scala 2.12 -> spark3.5_2.12 jar;
# 3.0: Spark 4.0/Scala 2.13 -> spark4_2.13 jar; a full name like 2.2-debian12 works too); for a batch, the
# Serverless runtime passed as --version (3.0: Spark 4.0/Scala 2.13 -> spark4_2.13 jar; 2.2 and 2.3 run
# Spark 3.5 on Scala 2.13, for which SkySift builds no jar: the script stops and says so).
# The config and the jar: local paths are staged by gcloud (job: to --bucket or the cluster's staging
# bucket; batch: to --bucket, required then, passed as --deps-bucket); gs:// URIs are used as they are. The
# config is shipped with --files and the driver reads it by its base name in its working directory.
# Options: --bucket gs://BUCKET, --batch-id ID (batch), --executor-memory (default 8g), --executor-cores
# (default 4), --driver-memory (default 4g), --num-executors, --conf KEY=VALUE (a Spark property),
# --jar PATH|gs://URI, --cli-arg ARG (passed to gcloud, e.g. --cli-arg=--subnet=NAME), --dry-run (print the
# command, one shell-quoted word per argument; gcloud is not needed). Auth: gcloud's own (gcloud auth login).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

MODE=${1:-}
case "$MODE" in
  job|batch) shift ;;
  -h|--help) usage; exit 0 ;;
  *) die "first argument: job (on a Dataproc cluster) or batch (Dataproc Serverless), not '$MODE'" ;;
esac
CLUSTER=""; REGION=""; BUCKET=""; BATCH_ID=""
script_option_takes_value() {
  case "$1" in --cluster|--region|--bucket|--batch-id|--version|--image-version) return 0 ;; esac
  return 1
}
script_option() {
  case "$1" in
    --cluster) CLUSTER=$2; CONSUMED=2 ;;
    --region) REGION=$2; CONSUMED=2 ;;
    --bucket) BUCKET=$2; CONSUMED=2 ;;
    --batch-id) BATCH_ID=$2; CONSUMED=2 ;;
    --version|--image-version) RUNTIME=$2; CONSUMED=2 ;;
  esac
}
parse_args "$@"
[ -n "$REGION" ] || die "--region REGION is required (e.g. europe-west1)"
[ -n "$RUNTIME" ] || die "--runtime is required: the cluster's image version (job) or the Serverless runtime version (batch)"
[ -z "$BUCKET" ] || [[ $BUCKET == gs://* ]] || die "--bucket must be a gs:// URI, not '$BUCKET'"

if [ "$MODE" = job ]; then
  [ -n "$CLUSTER" ] || die "--cluster NAME is required for a job"
  case "$RUNTIME" in
    2.2|2.2.*|2.2-*|2.3|2.3.*|2.3-*) line=spark3.5_2.12 ;;
    3.0|3.0.*|3.0-*) line=spark4_2.13 ;;
    *) die "unknown Dataproc image version '$RUNTIME': known are 2.2 and 2.3 (Spark 3.5, Scala 2.12) and 3.0 (Spark 4.0, Scala 2.13)" ;;
  esac
else
  case "$RUNTIME" in
    2.2|2.2.*|2.3|2.3.*)
      [ -n "$JAR" ] || die "Dataproc Serverless runtime $RUNTIME runs Spark 3.5 on Scala 2.13: SkySift builds no spark3.5_2.13 jar. Use --runtime 3.0 (Spark 4, the spark4_2.13 jar), or a Dataproc cluster with image 2.2/2.3 (dataproc.sh job, the spark3.5_2.12 jar), or pass --jar with a jar you built for Spark 3.5/Scala 2.13"
      line=spark3.5_2.13 ;;
    3.0|3.0.*) line=spark4_2.13 ;;
    *) die "unknown Dataproc Serverless runtime '$RUNTIME': known are 3.0 (Spark 4.0, Scala 2.13) and 2.2/2.3 (Spark 3.5, Scala 2.13: no SkySift jar)" ;;
  esac
fi
jar=$(job_jar "$line")
require_jar "$jar" "$line"
if [ "$MODE" = batch ] && [ -z "$BUCKET" ] && { ! is_uri "$jar" || ! is_uri "$CONFIG"; }; then
  die "a batch with a local jar or config needs --bucket gs://BUCKET to stage them (or give gs:// URIs for --jar and --config)"
fi
require_cli gcloud

# gcloud's list syntax: KEY=VALUE,KEY=VALUE, or ^#^ with # between them when a value holds a comma.
props=$(spark_properties | paste -sd, -)
if spark_properties | grep -q ,; then props="^#^$(spark_properties | paste -sd'#' -)"; fi

if [ "$MODE" = job ]; then
  cmd=(gcloud dataproc jobs submit spark --cluster="$CLUSTER" --region="$REGION")
  [ -z "$BUCKET" ] || cmd+=(--bucket="$BUCKET")
else
  cmd=(gcloud dataproc batches submit spark --region="$REGION" --version="$RUNTIME")
  [ -z "$BATCH_ID" ] || cmd+=(--batch="$BATCH_ID")
  [ -z "$BUCKET" ] || cmd+=(--deps-bucket="$BUCKET")
fi
cmd+=(--class="$SKYSIFT_MAIN" --jars="$jar" --files="$CONFIG" --properties="$props" ${CLI_ARGS[@]+"${CLI_ARGS[@]}"}
  -- run --config "$(basename "$CONFIG")" ${RUN_ARGS[@]+"${RUN_ARGS[@]}"})
run_command "${cmd[@]}"
