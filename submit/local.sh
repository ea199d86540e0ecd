#!/usr/bin/env bash
# Runs the skysift CLI on local[*] with the Maven-built classpath, building first when needed.
#   submit/local.sh                      -> run --config conf/local.yaml
#   submit/local.sh run --config conf/local.yaml --set output=file:./out-test
#   submit/local.sh synth --out sample-data
# SKYSIFT_JAVA_OPTS replaces the JVM options (default: -Xmx4g and later C2 compilation, below).
set -euo pipefail
cd "$(dirname "$0")/.."

cp_file=target/classpath.txt
stamp=target/.skysift-built
if [ ! -f "$cp_file" ] || [ ! -f "$stamp" ] || [ pom.xml -nt "$stamp" ] \
   || [ -n "$(find src/main -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
  echo "skysift: building (mvn -q -DskipTests package)..." >&2
  mvn -q -B -Dstyle.color=never -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=compile >&2
  touch "$stamp"
fi

# The module flags Spark 3.5 needs on Java 17 (org.apache.spark.launcher.JavaModuleOptions).
flags=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false)

# C2 compiles a method after 10x the default invocations and loop back-edges (4x the combined count): the
# tiles' hot loops still reach it within their first tile, while the Spark, Parquet and report code that
# runs a few thousand times per job stays in C1 instead of taking the compiler thread from the tiles of a
# small machine. On 40 tiles, local[2], 2 cores: 2.30 tiles/s against 2.05 (docs/PERFORMANCE.md "JIT").
JIT_OPTS="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
if [ $# -eq 0 ]; then
  set -- run --config conf/local.yaml
fi
# shellcheck disable=SC2086
exec java ${SKYSIFT_JAVA_OPTS:--Xmx4g $JIT_OPTS} "${flags[@]}" -cp "target/classes:$(cat "$cp_file")" org.skysift.cli.SkySift "$@"
