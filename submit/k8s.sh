#!/usr/bin/env bash
# Submits the SkySift job to Kubernetes (cluster deploy mode: the driver runs in a pod).
#   submit/k8s.sh --master k8s://https://host:443 --image IMAGE --config FILE [options] [skysift run options]
# The image: docker/Dockerfile.spark3 (Spark 3.5) or docker/Dockerfile.spark4 (Spark 4); it holds the job
# jar at /opt/skysift/<jar name>, used as local:///opt/skysift/<jar name>. --runtime says which (3.5, the
# default, or 4.x) and picks that jar name; --jar URI (s3a://, https://) uses a jar from elsewhere instead.
# The config: local:///opt/skysift/conf/NAME.yaml = a config baked into the image; an s3a://, gs:// or
# https:// URI is shipped with --files; a local FILE is shipped with --files too, which needs
# --upload-path URI (spark.kubernetes.file.upload.path, an s3a:// or hdfs:// folder the pods can read).
# The driver reads the shipped file by its base name in its working directory.
# Options: --namespace NS (default default), --service-account SA (default spark; it must be allowed to
# create executor pods), --executor-memory, --executor-cores, --driver-memory, --num-executors (default 2),
# --conf, --cli-arg, --dry-run as in submit/spark-submit.sh. The output must be a shared store (s3a://, gs://).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

MASTER=""; IMAGE=""; NAMESPACE=default; SERVICE_ACCOUNT=spark; UPLOAD_PATH=""
script_option_takes_value() {
  case "$1" in --master|--image|--namespace|--service-account|--upload-path) return 0 ;; esac
  return 1
}
script_option() {
  case "$1" in
    --master) MASTER=$2; CONSUMED=2 ;;
    --image) IMAGE=$2; CONSUMED=2 ;;
    --namespace) NAMESPACE=$2; CONSUMED=2 ;;
    --service-account) SERVICE_ACCOUNT=$2; CONSUMED=2 ;;
    --upload-path) UPLOAD_PATH=$2; CONSUMED=2 ;;
  esac
}
parse_args "$@"
[[ $MASTER == k8s://* ]] || die "--master k8s://https://HOST:PORT is required (kubectl cluster-info shows it)"
[ -n "$IMAGE" ] || die "--image IMAGE is required (built from docker/Dockerfile.spark3 or docker/Dockerfile.spark4)"
[ "${DEPLOY_MODE:-cluster}" = cluster ] || die "k8s.sh submits in cluster mode only; for a client-mode driver use submit/spark-submit.sh"
DEPLOY_MODE=cluster
NUM_EXECUTORS=${NUM_EXECUTORS:-2}
if ! is_uri "$CONFIG"; then
  [ -n "$UPLOAD_PATH" ] || die "config $CONFIG is a local file: give --upload-path s3a://BUCKET/PATH to ship it, or use a config in the image (local:///opt/skysift/conf/NAME.yaml) or an s3a:// URI"
  [ "$DRY_RUN" = 1 ] || [ -f "$CONFIG" ] || die "config file not found: $CONFIG"
fi

line=$(line_for_spark "${RUNTIME:-3.5}")
if [ -n "$JAR" ]; then
  jar=$JAR
else
  jar=local:///opt/skysift/$(basename "$(job_jar "$line")")
fi
require_cli "$(spark_submit_bin)"
SPARK_CONF=(spark.kubernetes.container.image="$IMAGE" spark.kubernetes.namespace="$NAMESPACE"
  spark.kubernetes.authenticate.driver.serviceAccountName="$SERVICE_ACCOUNT" ${SPARK_CONF[@]+"${SPARK_CONF[@]}"})
[ -z "$UPLOAD_PATH" ] || SPARK_CONF=(spark.kubernetes.file.upload.path="$UPLOAD_PATH" ${SPARK_CONF[@]+"${SPARK_CONF[@]}"})
build_spark_submit "$MASTER" "$line" "$jar"
run_command "${SUBMIT[@]}"
