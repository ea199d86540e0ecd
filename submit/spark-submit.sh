#!/usr/bin/env bash
# Submits the SkySift job jar with spark-submit to any master.
#   submit/spark-submit.sh --master URL --config FILE [options] [skysift run options]
#   submit/spark-submit.sh --master 'local[4]' --config conf/local.yaml --set output=file:/tmp/out
# Options:
#   --master URL          local[*] (default), spark://host:7077, yarn, k8s://https://host:443
#   --deploy-mode MODE    client (default) or cluster
#   --runtime VERSION     the cluster's Spark: 3.5[.x] -> spark3.5_2.12 jar, 4.x -> spark4_2.13 jar
#                         (default: read from $SPARK_HOME, else 3.5)
#   --jar PATH            use this job jar instead
#   --executor-memory M   (default 8g)  --executor-cores N (default 4)  --driver-memory M (default 4g)
#   --num-executors N     --conf KEY=VALUE (any Spark property, repeatable)  --cli-arg ARG (to spark-submit)
#   --dry-run             print the command (one shell-quoted word per argument) and exit
# The config: a client-mode driver reads FILE where it is; in cluster mode it is shipped with --files
# (YARN, Kubernetes) and read by its base name, or must sit at the same path on every standalone worker.
# Paths are relative to the repository root. Anything else, e.g. --set KEY=VALUE or --run-id ID, and all
# words after --, go to `skysift run`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

MASTER='local[*]'
script_option_takes_value() { [ "$1" = --master ]; }
script_option() {
  case "$1" in --master) MASTER=$2; CONSUMED=2 ;; esac
}
parse_args "$@"

submit_to "$MASTER"
