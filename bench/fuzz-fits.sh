#!/usr/bin/env bash
# Runs the full FITS fuzz corpus (default 10,000 files) through `skysift extract` and the job's tile
# path under a 1 GiB heap and prints the counts by outcome; exit 1 when any file crashed or hung.
# Usage: bench/fuzz-fits.sh [files=10000] [seed=1] [timeout_ms=20000] [shared_data=../shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o test-compile
cp_file=target/fuzz-classpath.txt
[ -s "$cp_file" ] || mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  org.skysift.fuzz.FitsFuzzHarness "${1:-10000}" "${2:-1}" "${3:-20000}" "${4:-../shared/data}"
