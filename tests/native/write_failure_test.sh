#!/usr/bin/env bash
# A run whose series cannot be written (here a file-size limit, as a full
# disk would) exits 2 naming --out, leaves no temporary folder and keeps
# the earlier run's files byte for byte (until 2026-12-05: "internal
# error", exit 1). Usage: write_failure_test.sh MUTUALAB_BINARY
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "$*" >&2; exit 1; }
"$bin" run preset:akerlof-flat-fee --reps 2 --out "$work/out" --quiet || fail "the first run failed"
before=$(cd "$work/out" && sha256sum * | sha256sum)
# SIGXFSZ ignored, so a write past the limit fails with EFBIG instead of killing the process.
( trap '' XFSZ; ulimit -f 400; exec "$bin" run preset:akerlof-flat-fee --reps 30 --out "$work/out" --quiet ) 2> "$work/err"
rc=$?
[ "$rc" = 2 ] || fail "a series that cannot be written should exit 2, got $rc: $(cat "$work/err")"
grep -q "^error: --out: cannot write .*series.csv.*an earlier run's in '$work/out' stay as they were" "$work/err" ||
  fail "unexpected message: $(cat "$work/err")"
[ "$(cd "$work/out" && sha256sum * | sha256sum)" = "$before" ] || fail "the earlier run's files changed"
[ "$(ls "$work")" = "$(printf 'err\nout')" ] || fail "left behind: $(ls "$work")"
echo "a series that cannot be written: exit 2 naming --out, the earlier files kept, no temporary left"
