#!/usr/bin/env bash
# Benchmarks chatport on large synthetic exports next to the floors (wc -l, cat, a bare scan, the least work for
# the same output), and prints a table: wall time, throughput and peak RSS. Usage: bench/run.sh [MESSAGES] (default
# 1000000: about 205 MB per dialect, as in the issue: messages average about 205 bytes, long multi-line assistant
# answers between short questions).
# Timings live here and in README's Performance section, never in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
out=bench/out
mkdir -p "$out"
cargo build --profile dist --quiet
cargo build --profile dist --quiet --example floor
bin=target/dist/chatport

# Each row is the fastest of $RUNS runs (default 3): on a shared virtual machine one run also measures the
# neighbours. Peak RSS is the largest of the runs.
runs="${RUNS:-3}"
measure() { # label, command...: prints "label | wall | MB/s | peak RSS"
  local label="$1"; shift
  local t0 t1 rss best="" peak=0
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$out/rss" "$@" >/dev/null
    t1=$(date +%s%N)
    rss=$(cat "$out/rss")
    [ "$rss" -gt "$peak" ] && peak=$rss
    if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then best=$((t1 - t0)); fi
  done
  awk -v l="$label" -v w="$best" -v s="$size" -v r="$peak" \
    'BEGIN { w /= 1e9; printf "| %-46s | %6.2f s | %7.0f MB/s | %6.1f MB |\n", l, w, s / w / 1e6, r / 1024 }'
}

for dialect in android ios; do
  file="$out/big-$dialect.txt"
  # A stamp says how many messages the file was made with; another count makes it again.
  if [ ! -s "$file" ] || [ "$(cat "$file.n" 2>/dev/null)" != "$n" ]; then
    python3 bench/gen.py "$dialect" "$n" "$file"
    echo "$n" > "$file.n"
  fi
  size=$(stat -c %s "$file")
  cat "$file" >/dev/null # into the page cache
  echo
  echo "$dialect: $(basename "$file"), $((size / 1000000)) MB, $n messages"
  echo "| tool | wall | throughput | peak RSS |"
  echo "|---|---|---|---|"
  measure "wc -l (floor)" wc -l "$file"
  measure "cat > copy (read + write floor)" sh -c "cat '$file' > '$out/copy.txt'"
  # The floor for any parser: one pass that finds the lines that may start a message (a digit, or `[` on iOS).
  # (into a file: with its output on /dev/null, GNU grep stops at the first match)
  measure "bare scan for header starts (grep -c)" sh -c "LC_ALL=C grep -c '^[0-9[]' '$file' > '$out/scan'"
  # The least work for this output (examples/floor.rs): one pass, one fixed header shape, the same JSON for text
  # messages and the same fsync; no detection, classification or checks. It reads only the Android shape.
  if [ "$dialect" = android ]; then
    measure "least work for this jsonl (examples/floor.rs)" target/dist/examples/floor "$file" "$out/out.floor"
  fi
  # One core (`--jobs 1`, the issue's measure), then the default: one export read beside its writing (2 threads).
  # With BASE=path/to/an/older/chatport, each row is measured for that build too, right after (before/after in one
  # run of the script).
  for format in jsonl json; do
    for b in "$bin" ${BASE:+"$BASE"}; do
      tag=""; [ "$b" = "$bin" ] || tag=" [BASE]"
      measure "chatport convert -f $format --jobs 1 (one core)$tag" \
        "$b" convert --quiet --force --jobs 1 -f "$format" "$file" -o "$out/out.$format"
      measure "chatport convert -f $format (two threads)$tag" \
        "$b" convert --quiet --force -f "$format" "$file" -o "$out/out.$format"
    done
  done
  measure "chatport inspect" "$bin" inspect "$file"
done

# One export at WhatsApp's cap of 40,000 messages, process start and fsync included: the fastest and the median
# of 20 runs (on a shared virtual machine the median also measures the neighbours).
small="$out/40k-android.txt"
[ -s "$small" ] || python3 bench/gen.py android 40000 "$small"
echo
echo "40k: $(basename "$small"), $(($(stat -c %s "$small") / 1000000)) MB, 40000 messages"
fastest_median() { # label, command...: the fastest and the median of 20 runs
  local label="$1"; shift
  for _ in $(seq 20); do
    t0=$(date +%s%N)
    "$@"
    echo $(( ($(date +%s%N) - t0) / 1000 ))
  done | sort -n | awk -v l="$label" '{ t[NR] = $1 } END {
    printf "%-34s fastest %5.1f ms, median %5.1f ms\n", l ":", t[1] / 1000, (t[10] + t[11]) / 2000 }'
}
for jobs in 2 1; do
  for format in jsonl json; do
    for b in "$bin" ${BASE:+"$BASE"}; do
      tag=""; [ "$b" = "$bin" ] || tag=" [BASE]"
      fastest_median "convert -f $format --jobs $jobs$tag" \
        "$b" convert --quiet --force --jobs "$jobs" -f "$format" "$small" -o "$out/small.out"
    done
  done
done
fastest_median "least work (examples/floor.rs)" target/dist/examples/floor "$small" "$out/small.out"

# A batch of 200 such exports with --jobs 1 and --jobs 2 (about 1.6 GB in, 3 GB out): BENCH_BATCH=1 bench/run.sh
if [ "${BENCH_BATCH:-}" = 1 ]; then
  batch="$out/batch"
  mkdir -p "$batch/in"
  for i in $(seq 200); do [ -s "$batch/in/WhatsApp Chat with P$i.txt" ] || cp "$small" "$batch/in/WhatsApp Chat with P$i.txt"; done
  cat "$batch/in/"* >/dev/null
  echo
  for jobs in 1 2; do
    rm -rf "$batch/out"
    t0=$(date +%s.%N)
    "$bin" convert --quiet -f jsonl --jobs "$jobs" "$batch/in" -o "$batch/out"
    t1=$(date +%s.%N)
    awk -v j="$jobs" -v a="$t0" -v b="$t1" 'BEGIN { printf "batch of 200, --jobs %s: %5.1f s\n", j, b - a }'
  done
  rm -rf "$batch"
fi
rm -f "$out/copy.txt" "$out/out.floor" "$out/out.jsonl" "$out/out.json" "$out/rss" "$out/small.out" "$out/scan"
