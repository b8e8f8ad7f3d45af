// What a shared link carries: the preset, the seed, the parameters changed
// from the preset, the fee rule to compare against and the open lesson. It
// lives in the page URL's fragment, e.g.
//   #preset=akerlof-flat-fee&seed=7&compare=risk-based&writers/count=1000
// Decoding never trusts the URL: unknown keys, malformed or out-of-range
// values are refused or clamped, each with a message for the user, and the
// rest of the link still opens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/interventions.h"

namespace mutualab::web {

struct ShareState {
  std::string preset = "akerlof-flat-fee";  // built-in scenario the run starts from
  std::uint64_t seed = 1;                   // master seed
  std::vector<std::pair<std::string, std::string>> set;  // (path, value) changed from the preset, in order
  std::string compare;                      // fee rule of side B ("" = no comparison)
  std::string lesson;                       // open lesson id ("" = none)
  int lessonStep = 0;                       // its current step (0-based)
  // The simulation step the run had reached when the link was made (0 = the
  // start): opening the link replays the run to it, so a lesson step that
  // talks of results shows them. The Share panel's link carries it; the
  // page URL, which follows changes to the run and not every step, does not.
  int played = 0;
  // Changes made while the run played, each a governance change at its step
  // (web/interventions.h), in the order they were made; in a link
  // at/STEP/PATH=VALUE, e.g. at/100/pool/feeRule/name=risk-based.
  std::vector<Intervention> interventions;
  // The price data file the run used ("NAME@HASH", its FNV-1a 64 in hex; ""
  // = the simulated market). A link cannot carry the data itself (a year of
  // daily prices is far over kMaxFragmentLength), so it names the file for
  // the user to load again; the App sets this from what is loaded.
  std::string data;

  // Replaces the value at `path` (or appends it); an empty value removes it.
  void assign(const std::string& path, const std::string& value);
  const std::string* value(const std::string& path) const;
};

constexpr std::size_t kMaxFragmentLength = 4096;  // longer links are refused whole
constexpr std::size_t kMaxSetEntries = 48;
constexpr std::uint64_t kMaxSeed = 9007199254740991ULL;  // 2^53 - 1: exact in JavaScript numbers
// The longest horizon the playground offers (its sim/steps control): the
// last step a link's intervention or `played` may name.
constexpr int kMaxLinkStep = 3650;

std::string encodeShare(const ShareState& s);
// Why the link encodeShare makes of `s` would not open as `s`: more changed
// parameters and interventions together than kMaxSetEntries (decodeShare
// drops the rest), or longer than kMaxFragmentLength (refused whole). ""
// when it opens as shown. The App refuses an intervention that would make
// it so; the Share panel says so of a link that is.
std::string shareLinkProblem(const ShareState& s);

// The rule for one path=value, from a link or a typed-in slider value: false
// (with a note) drops it; true keeps `value` (normalized), clamped to the
// control's range with a note when it was outside.
bool admitSetting(const std::string& path, std::string& value, std::vector<std::string>& notes);

struct DecodedShare {
  ShareState state;
  std::vector<std::string> notes;  // one line per refused or clamped entry
  // Whether the link has a `preset` / `compare` entry (valid or not). A link
  // that opens a lesson without a preset runs the lesson step's scenario.
  bool namedPreset = false, namedCompare = false;
};
// An intervention from a link: its step (1..kMaxLinkStep) and a
// path that governance may change (governablePath), its value admitted as by
// admitSetting. false (with a note) drops it. Whether the scenario accepts it
// (its horizon, its pools, the fee rule's params) is checked when the run is
// built (App).
bool admitIntervention(const std::string& key, std::string& value, Intervention& out, std::vector<std::string>& notes);

// `fragment` with or without the leading '#'.
DecodedShare decodeShare(std::string_view fragment);

// The scenario a share state describes: the preset with each `set` entry
// applied in order. An entry the scenario refuses is dropped with a note; if
// the combination is still invalid, every entry is dropped with a note and
// the plain preset is returned. Throws only if the preset itself is unknown.
nlohmann::json scenarioOf(const ShareState& s, std::vector<std::string>& notes);
// The same, for the state on screen: drops from `s.set` each entry the
// scenario refused (all of them when it falls back to the preset), so that a
// link encoded from `s` describes the scenario returned.
nlohmann::json admitScenario(ShareState& s, std::vector<std::string>& notes);

std::string percentEncode(std::string_view s);
// false on a malformed escape.
bool percentDecode(std::string_view s, std::string& out);

}  // namespace mutualab::web
