#!/usr/bin/env bash
# Seeds the corpora from our fixtures (and zips of them) and runs a fuzz target.
# Usage: fuzz/run.sh parse|zip [SECONDS] (default 900). Needs cargo-fuzz (`cargo install cargo-fuzz`) and a
# nightly toolchain, or RUSTC_BOOTSTRAP=1 on stable. Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?parse or zip}"
secs="${2:-900}"
mkdir -p "corpus/$target"
case "$target" in
  parse) find ../fixtures -name '*.txt' -exec cp {} "corpus/parse/" \; ;;
  zip) python3 - <<'PY'
import glob, os, zipfile
for i, chat in enumerate(sorted(glob.glob('../fixtures/*/*.txt'))):
    with zipfile.ZipFile(f'corpus/zip/seed-{i}.zip', 'w', zipfile.ZIP_DEFLATED) as z:
        z.write(chat, '_chat.txt')
        z.writestr('00000012-PHOTO-2024-08-14-21-03-00.jpg', b'\xff\xd8jpeg')
        z.writestr('__MACOSX/._x', b'\x00')
PY
  ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q nightly; then toolchain=(+nightly); else export RUSTC_BOOTSTRAP=1; fi
cargo "${toolchain[@]}" fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048
