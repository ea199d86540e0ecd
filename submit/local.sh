#!/usr/bin/env bash
# Runs the skysift CLI on local[*] with the Maven-built classpath, building first when needed.
#   submit/local.sh                      -> run --config conf/local.yaml
#   submit/local.sh run --config conf/local.yaml --set output=file:./out-test
#   submit/local.sh synth --out sample-data
# SKYSIFT_JAVA_OPTS adds JVM options (default -Xmx4g).
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

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
if [ $# -eq 0 ]; then
  set -- run --config conf/local.yaml
fi
# shellcheck disable=SC2086
exec java ${SKYSIFT_JAVA_OPTS:--Xmx4g} "${flags[@]}" -cp "target/classes:$(cat "$cp_file")" org.skysift.cli.SkySift "$@"
