#!/usr/bin/env bash
# Benchmarks chatport on large synthetic exports next to the floors (wc -l, cat, a bare scan), and prints a table:
# wall time, throughput and peak RSS. Usage: bench/run.sh [MESSAGES] (default 1000000: about 205 MB per dialect,
# as in the issue: messages average about 205 bytes, long multi-line assistant answers between short questions).
# Timings live here and in README's Performance section, never in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
out=bench/out
mkdir -p "$out"
cargo build --release --quiet
bin=target/release/chatport

measure() { # label, command...: prints "label | wall | MB/s | peak RSS"
  local label="$1"; shift
  local t0 t1 rss
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$out/rss" "$@" >/dev/null
  t1=$(date +%s.%N)
  rss=$(cat "$out/rss")
  awk -v l="$label" -v a="$t0" -v b="$t1" -v s="$size" -v r="$rss" \
    'BEGIN { w = b - a; printf "| %-44s | %6.2f s | %7.0f MB/s | %6.1f MB |\n", l, w, s / w / 1e6, r / 1024 }'
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
  measure "chatport convert -f jsonl -o out.jsonl" "$bin" convert --quiet --force -f jsonl "$file" -o "$out/out.jsonl"
  measure "chatport convert -f json -o out.json" "$bin" convert --quiet --force -f json "$file" -o "$out/out.json"
  measure "chatport inspect" "$bin" inspect "$file"
done

# One export at WhatsApp's cap of 40,000 messages, process start included (the mean of 20 runs).
small="$out/40k-android.txt"
[ -s "$small" ] || python3 bench/gen.py android 40000 "$small"
echo
echo "40k: $(basename "$small"), $(($(stat -c %s "$small") / 1000000)) MB, 40000 messages"
for format in jsonl json; do
  runs=20 t0=$(date +%s.%N)
  for _ in $(seq $runs); do "$bin" convert --quiet --force -f "$format" "$small" -o "$out/small.out"; done
  t1=$(date +%s.%N)
  awk -v f="$format" -v a="$t0" -v b="$t1" -v r="$runs" 'BEGIN { printf "convert -f %-5s %6.1f ms\n", f, (b - a) / r * 1000 }'
done

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
rm -f "$out/copy.txt" "$out/out.jsonl" "$out/out.json" "$out/rss" "$out/small.out" "$out/scan"
