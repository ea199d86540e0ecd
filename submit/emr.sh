#!/usr/bin/env bash
# Submits the SkySift job to Amazon EMR: a step on an EMR on EC2 cluster, or an EMR Serverless job run.
#   submit/emr.sh step       --cluster-id j-XXXX --runtime RELEASE --bucket s3://B/P --config FILE [options] [skysift run options]
#   submit/emr.sh serverless --application-id ID --execution-role-arn ARN --runtime RELEASE --bucket s3://B/P
#                            --config FILE [options] [skysift run options]
# --runtime (or --release-label): the release the cluster or application runs, which picks the jar:
# emr-7.x (Spark 3.5, Scala 2.12) -> spark3.5_2.12 jar; emr-spark-8.x (Spark 4.0, Scala 2.13) -> spark4_2.13.
# The jar and the config: a local path is copied first (aws s3 cp) to --bucket (jars/ and conf/ under it);
# s3:// URIs are used as they are. The config is shipped with --files and read by its base name in the
# driver's working directory (the step runs spark-submit in cluster deploy mode).
# Options: --region R, --name NAME (default skysift), --log-uri s3://... (serverless: driver and executor
# logs), --executor-memory (default 8g), --executor-cores (default 4), --driver-memory (default 4g),
# --num-executors, --conf KEY=VALUE, --jar PATH|s3://URI, --cli-arg ARG (passed to aws), --dry-run (print the
# commands, one shell-quoted word per argument; aws is not needed). Auth: the aws CLI's own (profile, SSO,
# instance role); the job's S3 access comes from the cluster's or the execution role.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

MODE=${1:-}
case "$MODE" in
  step|serverless) shift ;;
  -h|--help) usage; exit 0 ;;
  *) die "first argument: step (EMR on EC2) or serverless (EMR Serverless), not '$MODE'" ;;
esac
CLUSTER_ID=""; APPLICATION_ID=""; ROLE_ARN=""; BUCKET=""; REGION=""; NAME=skysift; LOG_URI=""
script_option_takes_value() {
  case "$1" in --cluster-id|--application-id|--execution-role-arn|--bucket|--region|--name|--log-uri|--release-label) return 0 ;; esac
  return 1
}
script_option() {
  case "$1" in
    --cluster-id) CLUSTER_ID=$2; CONSUMED=2 ;;
    --application-id) APPLICATION_ID=$2; CONSUMED=2 ;;
    --execution-role-arn) ROLE_ARN=$2; CONSUMED=2 ;;
    --bucket) BUCKET=${2%/}; CONSUMED=2 ;;
    --region) REGION=$2; CONSUMED=2 ;;
    --name) NAME=$2; CONSUMED=2 ;;
    --log-uri) LOG_URI=$2; CONSUMED=2 ;;
    --release-label) RUNTIME=$2; CONSUMED=2 ;;
  esac
}
parse_args "$@"
case "$RUNTIME" in
  emr-7.*) line=spark3.5_2.12 ;;
  emr-spark-8.*) line=spark4_2.13 ;;
  "") die "--runtime RELEASE is required: the release label the cluster or application runs (emr-7.x or emr-spark-8.x)" ;;
  *) die "unknown EMR release '$RUNTIME': known are emr-7.x (Spark 3.5, Scala 2.12) and emr-spark-8.x (Spark 4.0, Scala 2.13)" ;;
esac
if [ "$MODE" = step ]; then
  [ -n "$CLUSTER_ID" ] || die "--cluster-id j-XXXX is required for a step"
else
  [ -n "$APPLICATION_ID" ] || die "--application-id ID is required (aws emr-serverless list-applications)"
  [ -n "$ROLE_ARN" ] || die "--execution-role-arn ARN is required (the role the job runs as)"
fi
[ -z "$BUCKET" ] || [[ $BUCKET == s3://* ]] || die "--bucket must be an s3:// URI, not '$BUCKET'"
jar=$(job_jar "$line")
require_jar "$jar" "$line"
[ "$DRY_RUN" = 1 ] || is_uri "$CONFIG" || [ -f "$CONFIG" ] || die "config file not found: $CONFIG"
require_cli aws
region=(); [ -z "$REGION" ] || region=(--region "$REGION")

# Local files go to the bucket first.
stage() {
  local path=$1 folder=$2
  if is_uri "$path"; then printf '%s\n' "$path"; return; fi
  [ -n "$BUCKET" ] || die "$path is local: give --bucket s3://BUCKET/PREFIX to copy it to, or an s3:// URI"
  printf '%s/%s/%s\n' "$BUCKET" "$folder" "$(basename "$path")"
}
remote_jar=$(stage "$jar" jars)
remote_config=$(stage "$CONFIG" conf)
is_uri "$jar" || run_command aws s3 cp ${region[@]+"${region[@]}"} "$jar" "$remote_jar"
is_uri "$CONFIG" || run_command aws s3 cp ${region[@]+"${region[@]}"} "$CONFIG" "$remote_config"

job_args=(run --config "$(basename "$CONFIG")" ${RUN_ARGS[@]+"${RUN_ARGS[@]}"})
confs=()
while IFS= read -r p; do confs+=(--conf "$p"); done < <(spark_properties)

if [ "$MODE" = step ]; then
  args=(spark-submit --deploy-mode cluster --name "$NAME" --class "$SKYSIFT_MAIN" "${confs[@]}"
    --files "$remote_config" "$remote_jar" "${job_args[@]}")
  steps="[{\"Type\":\"CUSTOM_JAR\",\"Name\":$(json_string "$NAME"),\"ActionOnFailure\":\"CONTINUE\",\"Jar\":\"command-runner.jar\",\"Args\":$(json_array "${args[@]}")}]"
  run_command aws emr add-steps ${region[@]+"${region[@]}"} --cluster-id "$CLUSTER_ID" --steps "$steps" ${CLI_ARGS[@]+"${CLI_ARGS[@]}"}
else
  # EMR Serverless splits sparkSubmitParameters on spaces, so no value may hold one.
  for w in "${confs[@]}"; do [[ $w != *' '* ]] || die "EMR Serverless cannot pass a Spark property with a space: $w"; done
  params="--class $SKYSIFT_MAIN --files $remote_config ${confs[*]}"
  driver="{\"sparkSubmit\":{\"entryPoint\":$(json_string "$remote_jar"),\"entryPointArguments\":$(json_array "${job_args[@]}"),\"sparkSubmitParameters\":$(json_string "$params")}}"
  cmd=(aws emr-serverless start-job-run ${region[@]+"${region[@]}"} --application-id "$APPLICATION_ID"
    --execution-role-arn "$ROLE_ARN" --name "$NAME" --job-driver "$driver")
  if [ -n "$LOG_URI" ]; then
    cmd+=(--configuration-overrides "{\"monitoringConfiguration\":{\"s3MonitoringConfiguration\":{\"logUri\":$(json_string "$LOG_URI")}}}")
  fi
  run_command "${cmd[@]}" ${CLI_ARGS[@]+"${CLI_ARGS[@]}"}
fi
