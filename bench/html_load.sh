#!/usr/bin/env bash
# How long headless Chromium takes to open chatport's HTML page of 1k, 40k and 1M messages: the time from start
# to a first screenshot (load, script, first layout), less the same for an empty page. Also writes the
# screenshots (demo, group, media, RTL, 40k; light and dark) to bench/out/screenshots/ to look at: not committed.
# Usage: bash bench/html_load.sh [MESSAGES…]   (needs Debian's chromium and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile dist -q
bin=target/dist/chatport
out=bench/out/html; shots=bench/out/screenshots
mkdir -p "$out" "$shots"

chrome() { # chrome URL PNG [extra flags]
  local url=$1 png=$2; shift 2
  local prof; prof=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" --hide-scrollbars --window-size=900,1400 \
    "$@" --screenshot="$png" "$url" 2>/dev/null
  rm -rf "$prof"
}
seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }

echo '<!DOCTYPE html><title>x</title><p>x' > "$out/empty.html"
base=$(seconds chrome "file://$PWD/$out/empty.html" "$out/empty.png")
echo "empty page: ${base} s"
for n in "${@:-1000 40000 1000000}"; do
  for m in $n; do
    python3 bench/gen.py android "$m" "$out/chat-$m.txt"
    "$bin" convert -q "$out/chat-$m.txt" -f html -o "$out/chat-$m.html" --force
    size=$(du -m "$out/chat-$m.html" | cut -f1)
    t=$(seconds chrome "file://$PWD/$out/chat-$m.html" "$shots/chat-$m.png")
    q=$(seconds chrome "file://$PWD/$out/chat-$m.html#q=tofu" "$shots/chat-$m-search.png")
    echo "$m messages: ${size} MB page; opened in $(echo "$t - $base" | bc) s, searched from #q= in $(echo "$q - $base" | bc) s"
  done
done

for f in "fixtures/demo/WhatsApp Chat with Copilot.txt" fixtures/ios-en-group-kinds/_chat.txt \
  fixtures/ios-ar-arabic-digits/_chat.txt; do
  name=$(basename "$(dirname "$f")")
  "$bin" convert -q "$f" -f html -o "$out/$name.html" --force
  chrome "file://$PWD/$out/$name.html" "$shots/$name.png"
  chrome "file://$PWD/$out/$name.html" "$shots/$name-dark.png" --force-dark-mode --blink-settings=preferredColorScheme=0
done
echo "screenshots: $shots"
