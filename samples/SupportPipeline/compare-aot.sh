#!/usr/bin/env bash
# Compares what the NativeAOT build of the sample prints with what `dotnet run` prints, in local mode and with
# --loopback, each run in its own empty temporary working directory. Durations, the loopback port and the
# working directory change from run to run, so they are replaced before the comparison.
#
# Usage: samples/SupportPipeline/compare-aot.sh [PUBLISH_DIR]
#   PUBLISH_DIR  the folder of the published binary (default /tmp/aot-sample). When it contains no
#                SupportPipeline binary, the script publishes one there first, which takes minutes.
# Exits 0 when every output matches, 1 when one differs, and prints the differences.
set -euo pipefail

sample_dir="$(cd "$(dirname "$0")" && pwd)"
publish_dir="${1:-/tmp/aot-sample}"
native_binary="$publish_dir/SupportPipeline"

if [[ ! -x "$native_binary" ]]; then
  echo "No binary at $native_binary: publishing the sample with NativeAOT."
  dotnet publish "$sample_dir" -c Release -r linux-x64 -o "$publish_dir"
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Builds the JIT version once, so that build messages cannot mix with the output of the first run.
if ! dotnet build "$sample_dir" --nologo >"$scratch/build.log" 2>&1; then
  cat "$scratch/build.log"
  echo "error: dotnet build $sample_dir failed with the output above, so nothing was compared." >&2
  exit 1
fi

# Replaces the working directory, the loopback port and every duration in one output file, because they
# differ between runs. TimelinePrinter right-aligns each duration in a 9-character column.
normalize() {
  local file="$1" workdir="$2"
  sed -E \
    -e "s#${workdir}#WORKDIR#g" \
    -e 's#127\.0\.0\.1:[0-9]+#127.0.0.1:PORT#g' \
    -e 's/ +[0-9]+\.[0-9] ms / N ms /' \
    "$file"
}

# Runs one build ("jit" or "native") with the given sample arguments in a new working directory and
# stores its normalized standard output, standard error and exit code under $scratch.
run_sample() {
  local build="$1" mode="$2"
  shift 2
  local workdir="$scratch/$build-$mode"
  mkdir -p "$workdir"

  local exit_code=0
  if [[ "$build" == jit ]]; then
    (cd "$workdir" && dotnet run --no-build --project "$sample_dir" -- "$@" >stdout.raw 2>stderr.raw) || exit_code=$?
  else
    (cd "$workdir" && "$native_binary" "$@" >stdout.raw 2>stderr.raw) || exit_code=$?
  fi

  normalize "$workdir/stdout.raw" "$workdir" >"$scratch/$build-$mode.stdout"
  normalize "$workdir/stderr.raw" "$workdir" >"$scratch/$build-$mode.stderr"
  echo "exit code $exit_code" >"$scratch/$build-$mode.exit"
}

failures=0
for mode in local loopback; do
  arguments=()
  if [[ "$mode" == loopback ]]; then
    arguments=(--loopback)
  fi

  run_sample jit "$mode" "${arguments[@]}"
  run_sample native "$mode" "${arguments[@]}"

  for stream in stdout stderr exit; do
    if diff -u "$scratch/jit-$mode.$stream" "$scratch/native-$mode.$stream"; then
      echo "$mode $stream: same ($(wc -l <"$scratch/jit-$mode.$stream") lines)"
    else
      echo "$mode $stream: DIFFERENT (the diff above shows JIT as - and NativeAOT as +)"
      failures=$((failures + 1))
    fi
  done
done

if ((failures > 0)); then
  echo "$failures outputs differ between the JIT and the NativeAOT build."
  exit 1
fi
echo "The JIT and the NativeAOT build print the same timelines."
