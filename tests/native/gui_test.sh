#!/usr/bin/env bash
# The desktop playground starts under a virtual X server, plays a shared link
# for 90 frames, writes a screenshot and exits 0; its final state shows the
# run moved and the link was applied. Then a link to a preset with pools
# opens the Pools view at 1280x720 (mutualab-gui-pools.png), and the Pool view
# comparing at text 1.5x (mutualab-gui-pool-text-1.5x.png), and with no link
# the start screen at text 1.5x (mutualab-gui-start-text-1.5x.png).
#   bash tests/native/gui_test.sh build/release/mutualab-gui build/release/screenshots
set -euo pipefail
gui=$1
shots=$2
mkdir -p "$shots"
command -v xvfb-run >/dev/null || { echo "error: xvfb-run not found (apt-get install xvfb)"; exit 1; }
rm -f "$shots/mutualab-gui.png"
out=$(timeout 120 xvfb-run -a -s "-screen 0 1400x900x24" "$gui" --frames 90 --play \
  --link 'preset=akerlof-flat-fee&seed=5&compare=risk-based&writers/count=1000' \
  --screenshot "$shots/mutualab-gui.png")
echo "$out"
state=$(tail -1 <<<"$out")
[[ -s $shots/mutualab-gui.png ]] || { echo "FAIL: no screenshot"; exit 1; }
size=$(stat -c %s "$shots/mutualab-gui.png")
(( size > 20000 )) || { echo "FAIL: screenshot only $size bytes (blank window?)"; exit 1; }
python3 - "$state" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
assert s["frames"] == 90, s["frames"]
assert s["step"] == 45, f"expected 45 steps: 90 frames of 1/60 s at 30 steps/s, got {s['step']}"
assert s["compare"] == "risk-based" and len(s["sides"]) == 2, s
assert s["sides"][0]["writers"] == 1000, s["sides"][0]
assert all(side["ledger_imbalance"] == 0 for side in s["sides"])
print(f"ok: mutualab-gui played {s['step']} steps in {s['frames']} frames; screenshot ok")
PY

# A link to a preset with pools opens the Pools view, at a projector's 1280x720.
rm -f "$shots/mutualab-gui-pools.png"
out=$(timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" "$gui" --frames 60 --play --size 1280x720 \
  --link 'preset=tiered-pools' --screenshot "$shots/mutualab-gui-pools.png")
state=$(tail -1 <<<"$out")
[[ -s $shots/mutualab-gui-pools.png ]] || { echo "FAIL: no Pools view screenshot"; exit 1; }
python3 - "$state" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
assert s["preset"] == "tiered-pools" and s["view"] == "pools", (s["preset"], s["view"])
pools = s["sides"][0]["pools"]
assert [p["name"] for p in pools] == ["eth", "btc", "sol"], pools
assert s["sides"][0]["backstop"]["initial"] == 20000, s["sides"][0]["backstop"]
print(f"ok: a tiered-pools link opens the Pools view (step {s['step']}, backstop {s['sides'][0]['backstop']['balance']:.2f})")
PY

# A classroom projector: 1280x720, text at 1.5x, comparing, on the Pool view
# (mutualab-gui-pool-text-1.5x.png: every chart names both sides; look for overlaps).
rm -f "$shots/mutualab-gui-pool-text-1.5x.png"
out=$(timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" "$gui" --frames 240 --play --size 1280x720 --text-size 1.5 \
  --view pool --link 'preset=akerlof-flat-fee&compare=risk-based' --screenshot "$shots/mutualab-gui-pool-text-1.5x.png")
state=$(tail -1 <<<"$out")
[[ -s $shots/mutualab-gui-pool-text-1.5x.png ]] || { echo "FAIL: no projector screenshot"; exit 1; }
python3 - "$state" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
assert s["view"] == "pool" and len(s["sides"]) == 2 and s["font_size"] > 19, (s["view"], len(s["sides"]), s["font_size"])
print(f"ok: the Pool view at 1280x720, text 1.5x, comparing (step {s['step']})")
PY

# Started with no link (nor --view, --panel, --play): the start screen, as in the browser, at a projector's size.
rm -f "$shots/mutualab-gui-start-text-1.5x.png"
out=$(timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" "$gui" --frames 20 --size 1280x720 --text-size 1.5 \
  --screenshot "$shots/mutualab-gui-start-text-1.5x.png")
state=$(tail -1 <<<"$out")
[[ -s $shots/mutualab-gui-start-text-1.5x.png ]] || { echo "FAIL: no start screen screenshot"; exit 1; }
python3 - "$state" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
assert s["start_screen"] is True and s["step"] == 0 and not s["running"], (s["start_screen"], s["step"], s["running"])
for item in ("start.class", "start.akerlof", "start.free", "start.link", "start.open"):
    assert item in s["ui"], (item, sorted(s["ui"]))
    x, y, w, h = s["ui"][item]
    assert 0 <= x and x + w <= 1280 and 0 <= y and y + h <= 720, (item, s["ui"][item])
print("ok: started with no link, mutualab-gui shows the start screen, every button inside 1280x720 at text 1.5x")
PY
