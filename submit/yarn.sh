#!/usr/bin/env bash
# Submits the SkySift job to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster's config).
#   submit/yarn.sh --config FILE [options] [skysift run options]
# Default --deploy-mode cluster: the driver runs in the YARN application master, FILE is shipped with
# --files and read there by its base name (YARN gives the master the Java 17 module flags itself).
# --deploy-mode client runs the driver here (FILE read in place).
# --queue NAME picks the YARN queue. --runtime (the cluster's Spark, default from $SPARK_HOME, else 3.5),
# --jar, --executor-memory, --executor-cores, --driver-memory, --num-executors, --conf, --cli-arg,
# --dry-run: as in submit/spark-submit.sh. The output should be an hdfs:// (or s3a://, gs://) URI.
# Spark uploads its own jars/ with every submit unless the cluster sets spark.yarn.archive or spark.yarn.jars
# (--conf 'spark.yarn.jars=local:/opt/spark/jars/*' uses each node's copy). Checked for real by YarnClusterIT.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

QUEUE=""
script_option_takes_value() { [ "$1" = --queue ]; }
script_option() {
  case "$1" in --queue) QUEUE=$2; CONSUMED=2 ;; esac
}
parse_args "$@"
DEPLOY_MODE=${DEPLOY_MODE:-cluster}
[ -z "$QUEUE" ] || SPARK_CONF=(spark.yarn.queue="$QUEUE" ${SPARK_CONF[@]+"${SPARK_CONF[@]}"})

submit_to yarn
