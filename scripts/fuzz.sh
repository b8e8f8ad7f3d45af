#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ (clang-14, ASan + UBSan): bytes go
# through the same doors as user input (scenario files, --set, sweep and
# tournament specs, share links); the only accepted outcome of bad input is
# an InputError. Anything else is a finding.
#
#   bash scripts/fuzz.sh TARGET SECONDS [--keep-going] [-- LIBFUZZER_ARGS...]
#   bash scripts/fuzz.sh --all SECONDS [--keep-going]   every target in turn (CI)
#   bash scripts/fuzz.sh --list                         the targets, one line each
#
# Builds the `fuzz` preset (build/fuzz) when needed, installing clang-14 and
# libFuzzer when they are missing (as root). The seed corpus is assembled at
# run time from the repository (fuzz/make_corpus.py); what the fuzzer finds
# new is kept in build/fuzz/corpus/TARGET/ across runs. Crash, leak, timeout
# and out-of-memory inputs go to build/fuzz/findings/TARGET/, full logs to
# build/fuzz/logs/TARGET.log. Exit code: 0 when nothing was found, 1 when
# something was, 2 on a usage or build error.
#
# By default a run stops at its first finding. --keep-going (libFuzzer's fork
# mode, ignoring crashes, timeouts and OOMs) keeps fuzzing for the whole time
# to collect several findings; the exit code is still 1 if any was found.
# Reproduce a finding: build/fuzz/bin/fuzz_TARGET build/fuzz/findings/TARGET/FILE
#
# MUTUALAB_JOBS sets the parallel build jobs (default: nproc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build=$root/build/fuzz

say() { printf '[fuzz] %s\n' "$*"; }
die() { printf '[fuzz] error: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

targets() { for f in fuzz/*.cpp; do basename "$f" .cpp; done; }
describe() { sed -n '1s|^// Fuzz target: ||p' "fuzz/$1.cpp"; }

# Per-target input size caps: a little above what the door itself accepts or
# what a realistic input needs, so time goes into meaningful inputs.
max_len() {
  case $1 in
    share_link) echo 4200 ;;  # links over 4096 characters are refused whole
    *) echo 65536 ;;          # files and --set values: presets are ~1 KB; room for deep nesting
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0}

count() { find "$1" -type f | wc -l; }

build_targets() {
  bash scripts/ensure_packages.sh cmake ninja-build pkg-config python3 libboost-random-dev libpcg-cpp-dev \
    nlohmann-json3-dev libcli11-dev musl-dev libmuparser-dev clang-14 libclang-rt-14-dev libfuzzer-14-dev
  local jobs=${MUTUALAB_JOBS:-$(nproc 2>/dev/null || echo 2)} args=() t start=$SECONDS log=$build/logs/build.log
  for t in "$@"; do args+=(--target "fuzz_$t"); done
  mkdir -p "$build/logs"
  say "building ${*} (cmake --preset fuzz; cmake --build --preset fuzz -j$jobs), log: ${log#"$root"/}"
  if ! { cmake --preset fuzz && cmake --build --preset fuzz -j"$jobs" "${args[@]}"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "the fuzz build failed (full log: ${log#"$root"/})"
  fi
  say "built in $((SECONDS - start)) s"
}

# run_one TARGET SECONDS KEEP_GOING [LIBFUZZER_ARGS...] -> 0 clean, 1 finding
run_one() {
  local t=$1 secs=$2 keep=$3; shift 3
  local corpus=$build/corpus/$t seeds=$build/seeds/$t findings=$build/findings/$t log=$build/logs/$t.log
  rm -rf "$seeds"
  mkdir -p "$corpus" "$findings" "$build/logs"
  python3 fuzz/make_corpus.py "$t" "$seeds" "$build/dict/$t.dict" >/dev/null
  local before; before=$(find "$findings" -type f | sort)
  local opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")"
              -dict="$build/dict/$t.dict" -artifact_prefix="$findings/" -print_final_stats=1)
  ((keep)) && opts+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  say "$t: ${secs} s ($(describe "$t"))"
  local rc=0
  "$build/bin/fuzz_$t" "${opts[@]}" "$@" "$corpus" "$seeds" >"$log" 2>&1 </dev/null || rc=$?
  local new; new=$(comm -13 <(echo "$before") <(find "$findings" -type f | sort) | sed '/^$/d')
  # Single process: libFuzzer's final stats; fork mode: its last status line.
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" |
    sed 's/^stat::/  /' || grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 | sed 's/^/  /' || true
  say "$t: corpus $(count "$corpus") files (+ $(count "$seeds") seeds), log: ${log#"$root"/}"
  if ((rc == 0)) && [[ -z $new ]]; then
    say "$t: nothing found"
    return 0
  fi
  ((keep)) || tail -n 60 "$log" | sed 's/^/  | /'
  say "$t: FOUND $(echo "$new" | grep -c . || true) input(s) (libFuzzer exit code $rc):"
  echo "$new" | sed '/^$/d' | head -n 5 | while read -r f; do
    printf '  reproduce: build/fuzz/bin/fuzz_%s %s\n' "$t" "${f#"$root"/}"
  done
  return 1
}

(($# > 0)) || { usage; exit 2; }
case $1 in
  -h | --help) usage; exit 0 ;;
  --list) for t in $(targets); do printf '%-16s %s\n' "$t" "$(describe "$t")"; done; exit 0 ;;
esac

if [[ $1 == --all ]]; then list=$(targets); else list=$1; fi
shift
if (($# == 0)) || ! [[ $1 =~ ^[0-9]+$ ]]; then die "SECONDS (a whole number) expected; see --help"; fi
secs=$1; shift
keep=0 extra=()
while (($# > 0)); do
  case $1 in
    --keep-going) keep=1 ;;
    --) shift; extra=("$@"); break ;;
    *) die "unknown argument '$1'; see --help" ;;
  esac
  shift
done
for t in $list; do [[ -f fuzz/$t.cpp ]] || die "no fuzz target '$t'; bash scripts/fuzz.sh --list"; done

# shellcheck disable=SC2086
build_targets $list
failed=()
for t in $list; do run_one "$t" "$secs" "$keep" "${extra[@]}" || failed+=("$t"); done
if ((${#failed[@]} > 0)); then
  say "FAILED: findings in ${failed[*]} (inputs under build/fuzz/findings/)"
  exit 1
fi
say "passed: nothing found in $(echo "$list" | wc -w) target(s), ${secs} s each"
