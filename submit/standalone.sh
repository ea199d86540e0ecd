#!/usr/bin/env bash
# Submits the SkySift job to a Spark standalone cluster (sbin/start-master.sh + start-worker.sh).
#   submit/standalone.sh --master spark://host:7077 --config FILE [options] [skysift run options]
# Options: --deploy-mode client|cluster (default client: the driver runs here and reads FILE here; cluster:
# the driver runs on a worker, so FILE and the jar must be at the same absolute path on every worker, e.g. a
# shared filesystem, and the driver gets the Java 17 module flags through spark.driver.extraJavaOptions).
# --master defaults to $SPARK_MASTER_URL, else spark://127.0.0.1:7077. --runtime, --jar, --executor-memory,
# --executor-cores, --driver-memory, --conf, --cli-arg, --dry-run: as in submit/spark-submit.sh
# (on standalone, --conf spark.cores.max=N caps the cores the job takes).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

MASTER=${SPARK_MASTER_URL:-spark://127.0.0.1:7077}
script_option_takes_value() { [ "$1" = --master ]; }
script_option() {
  case "$1" in --master) MASTER=$2; CONSUMED=2 ;; esac
}
parse_args "$@"
[[ $MASTER == spark://* ]] || die "--master must be a spark://host:port URL, not '$MASTER'"

submit_to "$MASTER"
