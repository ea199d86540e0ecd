# Shared parts of the launchers in submit/ (sourced, not run): option parsing, the job jar for a runtime,
# shell quoting for --dry-run, and the spark-submit command line. No credentials here: spark-submit,
# gcloud and aws use their own configuration and auth.
# shellcheck shell=bash

SKYSIFT_MAIN=org.skysift.cli.SkySift
SKYSIFT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPT_NAME=$(basename "$0")

# Executor sizing defaults (override with --executor-memory/--executor-cores or --conf). A 60' DSS tile is
# ~2100x2100 px: ~4 B/px for the image plus ~7 B/px of working heap (docs/PERFORMANCE.md) is ~50 MB per
# tile in flight; 2 GB per core leaves room for the reference catalog loaded once per executor
# (reference.in_memory_max_mb) and the partitioned Parquet writers. See conf/cloud-*.yaml.
DEFAULT_EXECUTOR_MEMORY=8g
DEFAULT_EXECUTOR_CORES=4
DEFAULT_DRIVER_MEMORY=4g

# The JVM flags org.apache.spark.launcher.JavaModuleOptions lists for each Spark line. spark-submit adds
# them itself to a client-mode driver, YARN to its application master (SPARK-37106) and SparkContext to
# the executors; only a driver that a standalone Worker starts (cluster deploy mode) lacks them, so it
# gets them here through spark.driver.extraJavaOptions. Spark 4.2's list also has
# --sun-misc-unsafe-memory-access=allow, a Java 23+ option that Java 17 refuses to start with: left out.
MODULE_FLAGS_SPARK35="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
MODULE_FLAGS_SPARK4="-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE --enable-native-access=ALL-UNNAMED"

CONFIG=""
DRY_RUN=0
JAR=""
RUNTIME=""
DEPLOY_MODE=""
SPARK_CONF=()      # KEY=VALUE Spark properties, in order (later wins)
RUN_ARGS=()        # passed to `skysift run` after --config
CLI_ARGS=()        # passed as they are to the cloud CLI (gcloud/aws) or spark-submit
EXECUTOR_MEMORY=$DEFAULT_EXECUTOR_MEMORY
EXECUTOR_CORES=$DEFAULT_EXECUTOR_CORES
DRIVER_MEMORY=$DEFAULT_DRIVER_MEMORY
NUM_EXECUTORS=""

die() {
  echo "$SCRIPT_NAME: $*" >&2
  exit 2
}

usage() {
  # the header comment of the script is its help
  sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p;}' "$0"
}

# Common options; the script's own ones go to its script_option function, which sets CONSUMED to the
# number of words it took (0 = not its option). Everything else is passed to `skysift run`.
parse_args() {
  while [ $# -gt 0 ]; do
    if [[ $1 == --*=* ]]; then
      set -- "${1%%=*}" "${1#*=}" "${@:2}"
    fi
    case "$1" in
      -h|--help) usage; exit 0 ;;
      --dry-run) DRY_RUN=1; shift; continue ;;
      --) shift; RUN_ARGS+=("$@"); break ;;
    esac
    if [[ $1 == --* && $# -lt 2 ]] && option_takes_value "$1"; then
      die "$1 needs a value"
    fi
    case "$1" in
      --config) CONFIG=$2; shift 2 ;;
      --jar) JAR=$2; shift 2 ;;
      --runtime) RUNTIME=$2; shift 2 ;;
      --deploy-mode) DEPLOY_MODE=$2; shift 2 ;;
      --conf) [[ $2 == *=* ]] || die "--conf wants KEY=VALUE, got '$2'"; SPARK_CONF+=("$2"); shift 2 ;;
      --executor-memory) EXECUTOR_MEMORY=$2; shift 2 ;;
      --executor-cores) EXECUTOR_CORES=$2; shift 2 ;;
      --driver-memory) DRIVER_MEMORY=$2; shift 2 ;;
      --num-executors) NUM_EXECUTORS=$2; shift 2 ;;
      --cli-arg) CLI_ARGS+=("$2"); shift 2 ;;
      *)
        CONSUMED=0
        if declare -F script_option >/dev/null; then
          script_option "$@"
        fi
        if [ "$CONSUMED" -gt 0 ]; then
          shift "$CONSUMED"
        else
          RUN_ARGS+=("$1"); shift
        fi ;;
    esac
  done
  [ -n "$CONFIG" ] || die "--config FILE is required (a SkySift YAML config, e.g. conf/cloud-gcs.yaml)"
  case "$DEPLOY_MODE" in ""|client|cluster) ;; *) die "--deploy-mode is client or cluster, not '$DEPLOY_MODE'" ;; esac
}

option_takes_value() {
  case "$1" in
    --config|--jar|--runtime|--deploy-mode|--conf|--executor-memory|--executor-cores|--driver-memory|--num-executors|--cli-arg) return 0 ;;
  esac
  declare -F script_option_takes_value >/dev/null && script_option_takes_value "$1"
}

# One word, quoted for a POSIX shell only when it needs to be.
shell_quote() {
  if [[ -n $1 && $1 =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

print_command() {
  local out="" w
  for w in "$@"; do
    out+="${out:+ }$(shell_quote "$w")"
  done
  printf '%s\n' "$out"
}

# Prints the command under --dry-run, runs it otherwise.
run_command() {
  if [ "$DRY_RUN" = 1 ]; then
    print_command "$@"
  else
    "$@"
  fi
}

require_cli() {
  [ "$DRY_RUN" = 1 ] || command -v "$1" >/dev/null || die "$1 not found on PATH (install it, or use --dry-run to see the command)"
}

pom_version() {
  # the project's own <version>, the one right after <artifactId>skysift</artifactId>
  sed -n '/<artifactId>skysift<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q;}' "$SKYSIFT_ROOT/pom.xml"
}

# The job jar of a Spark/Scala line (spark3.5_2.12 | spark4_2.13), or --jar when given.
job_jar() {
  if [ -n "$JAR" ]; then
    printf '%s\n' "$JAR"
  else
    # the spark4 line builds in its own folder (pom.xml, profile spark4)
    local dir=target
    [ "$1" = spark4_2.13 ] && dir=target/spark4
    printf '%s/skysift-%s-%s-job.jar\n' "$dir" "$(pom_version)" "$1"
  fi
}

require_jar() {
  local jar=$1 line=$2 profile=""
  [ "$line" = spark4_2.13 ] && profile=" -Pspark4"
  if [ "$DRY_RUN" = 0 ] && [[ $jar != *://* ]] && [ ! -f "$jar" ]; then
    die "job jar $jar not found: build it with mvn -DskipTests package$profile"
  fi
}

# Spark version (3.5, 3.5.6, 4.0, 4.1.2, optionally -scala2.13) -> jar line.
line_for_spark() {
  case "$1" in
    3.5|3.5.*|3.5-scala2.12|3.5.*-scala2.12) echo spark3.5_2.12 ;;
    3.5-scala2.13|3.5.*-scala2.13) die "Spark 3.5 on Scala 2.13 needs a spark3.5_2.13 jar, which SkySift does not build: run the spark3.5_2.12 jar on a Scala 2.12 Spark 3.5, or the spark4_2.13 jar on Spark 4, or pass --jar with your own build" ;;
    4|4.*) echo spark4_2.13 ;;
    *) die "unknown runtime '$1': SkySift runs on Spark 3.5 (Scala 2.12) or Spark 4.x (Scala 2.13); say --runtime 3.5 or --runtime 4.0" ;;
  esac
}

# The local Spark's version (and Scala line) from $SPARK_HOME, when there is one.
spark_home_runtime() {
  [ -n "${SPARK_HOME:-}" ] && [ -f "$SPARK_HOME/RELEASE" ] || return 0
  local v scala=""
  v=$(sed -n 's/^Spark \([0-9][0-9.]*\).*/\1/p' "$SPARK_HOME/RELEASE" | head -1)
  if compgen -G "$SPARK_HOME/jars/scala-library-2.13*.jar" >/dev/null; then scala=-scala2.13; fi
  [ -n "$v" ] && printf '%s%s\n' "$v" "$scala"
}

spark_submit_bin() {
  if [ -n "${SPARK_HOME:-}" ]; then printf '%s/bin/spark-submit\n' "$SPARK_HOME"; else echo spark-submit; fi
}

module_flags() {
  if [ "$1" = spark4_2.13 ]; then echo "$MODULE_FLAGS_SPARK4"; else echo "$MODULE_FLAGS_SPARK35"; fi
}

# Sizing properties followed by the user's --conf (so a --conf wins).
# On a local master the driver JVM does all the work, so only its memory counts.
spark_properties() {
  local p=(spark.executor.memory="$EXECUTOR_MEMORY" spark.executor.cores="$EXECUTOR_CORES" spark.driver.memory="$DRIVER_MEMORY")
  [ "${1:-}" = local ] && p=(spark.driver.memory="$DRIVER_MEMORY")
  [ -n "$NUM_EXECUTORS" ] && p+=(spark.executor.instances="$NUM_EXECUTORS")
  printf '%s\n' "${p[@]}" ${SPARK_CONF[@]+"${SPARK_CONF[@]}"}
}

is_uri() {
  [[ $1 =~ ^[A-Za-z][A-Za-z0-9+.-]*:// ]]
}

# SUBMIT: the spark-submit command for MASTER, DEPLOY_MODE and the config. A client-mode driver reads the
# config where it is; a cluster-mode driver gets it through --files (YARN and Kubernetes put those files in
# the driver's working directory) and reads it by its base name. Standalone cluster mode has no such
# shipping: there the config and the jar must be at the same absolute path on every worker (or URLs).
build_spark_submit() {
  local master=$1 line=$2 jar=$3 mode=${DEPLOY_MODE:-client} config=$CONFIG
  SUBMIT=("$(spark_submit_bin)" --master "$master" --deploy-mode "$mode" --name skysift --class "$SKYSIFT_MAIN")
  if [ "$mode" = cluster ] && [[ $master == spark://* ]]; then
    SUBMIT+=(--conf "spark.driver.extraJavaOptions=$(module_flags "$line")")
  fi
  local p kind=cluster
  [[ $master == local* ]] && kind=local
  while IFS= read -r p; do SUBMIT+=(--conf "$p"); done < <(spark_properties "$kind")
  if [ "$mode" = cluster ] && [[ $master != spark://* ]]; then
    [[ $config == local://* ]] || SUBMIT+=(--files "$config")
    config=$(config_arg "$config")
  elif [ "$mode" = cluster ]; then
    is_uri "$config" || config=$(absolute "$config")
    is_uri "$jar" || jar=$(absolute "$jar")
  fi
  SUBMIT+=(${CLI_ARGS[@]+"${CLI_ARGS[@]}"} "$jar" run --config "$config" ${RUN_ARGS[@]+"${RUN_ARGS[@]}"})
}

# What the driver is told to read: a local:// config is a path inside the image; a shipped one its base name.
config_arg() {
  if [[ $1 == local://* ]]; then printf '%s\n' "${1#local://}"; else basename "$1"; fi
}

absolute() {
  case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac
}

# JSON string literal (for the EMR request bodies).
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

json_array() {
  local out="" w
  for w in "$@"; do out+="${out:+,}$(json_string "$w")"; done
  printf '[%s]' "$out"
}

# The jar line for a Spark cluster: --runtime, else the Spark in $SPARK_HOME, else 3.5.
spark_line() {
  local runtime=${RUNTIME:-$(spark_home_runtime)}
  line_for_spark "${runtime:-3.5}"
}

# spark-submit to a master (spark-submit.sh, standalone.sh, yarn.sh): the jar of the runtime's line,
# checked, then the command run or, with --dry-run, printed.
submit_to() {
  local line jar
  line=$(spark_line)
  jar=$(job_jar "$line")
  require_jar "$jar" "$line"
  require_cli "$(spark_submit_bin)"
  build_spark_submit "$1" "$line" "$jar"
  run_command "${SUBMIT[@]}"
}
