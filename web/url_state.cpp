#include "web/url_state.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <map>

#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/format_number.h"
#include "core/scenario_json.h"
#include "experiments/load_scenario.h"
#include "experiments/presets.h"
#include "web/controls.h"
#include "web/lessons.h"

namespace mutualab::web {

void ShareState::assign(const std::string& path, const std::string& v) {
  for (auto it = set.begin(); it != set.end(); ++it) {
    if (it->first != path) continue;
    if (v.empty()) set.erase(it);
    else it->second = v;
    return;
  }
  if (!v.empty()) set.emplace_back(path, v);
}

const std::string* ShareState::value(const std::string& path) const {
  for (const auto& [p, v] : set)
    if (p == path) return &v;
  return nullptr;
}

std::string percentEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~' || c == '/';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool percentDecode(std::string_view s, std::string& out) {
  out.clear();
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      const int a = nibble(s[i + 1]), b = nibble(s[i + 2]);
      if (a < 0 || b < 0) return false;
      out += static_cast<char>(a * 16 + b);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return true;
}

std::string encodeShare(const ShareState& s) {
  std::string out = "preset=" + percentEncode(s.preset) + "&seed=" + std::to_string(s.seed);
  if (!s.compare.empty()) out += "&compare=" + percentEncode(s.compare);
  if (!s.lesson.empty()) out += "&lesson=" + percentEncode(s.lesson) + "&step=" + std::to_string(s.lessonStep);
  if (s.played > 0) out += "&played=" + std::to_string(s.played);
  for (const auto& [p, v] : s.set) out += "&" + percentEncode(p) + "=" + percentEncode(v);
  for (const Intervention& i : s.interventions)
    out += "&" + percentEncode(interventionKey(i.step, i.path)) + "=" + percentEncode(i.value);
  if (!s.data.empty()) out += "&data=" + percentEncode(s.data);
  return out;
}

std::string shareLinkProblem(const ShareState& s) {
  const std::size_t entries = s.set.size() + s.interventions.size();
  if (entries > kMaxSetEntries)
    return std::to_string(s.set.size()) + " changed parameters and " + std::to_string(s.interventions.size()) +
           " interventions, more than the " + std::to_string(kMaxSetEntries) + " a link opens (the rest would be dropped)";
  const std::size_t length = encodeShare(s).size();
  if (length > kMaxFragmentLength)
    return "the link is " + std::to_string(length) + " characters, longer than the " + std::to_string(kMaxFragmentLength) +
           " a link may be (it would not open at all)";
  return "";
}

namespace {

// Control characters as escapes (\n, \x00): a link's text quoted in a note
// must not start a line of its own that reads as another note.
std::string printable(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (const char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (u < 0x20 || u == 0x7f) out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
    else out += c;
  }
  return out;
}

std::string shorten(std::string_view raw) {
  const std::string s = printable(raw);
  if (s.size() <= 60) return s;
  size_t cut = 57;  // never inside a UTF-8 sequence: notes are written back as JSON
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

// A finite number, or nothing.
bool parseNumber(const std::string& t, double& x) {
  if (t.empty() || t.size() > 40) return false;
  char* end = nullptr;
  x = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && std::isfinite(x);
}

// The link's `step` against the open lesson's steps, numbered from 0 as in
// the link (the Lessons panel counts from 1). Out of range, the nearest step
// opens; not a whole number, the first; either way with a note that names the
// lesson's range.
void admitLessonStep(const std::string& value, DecodedShare& d) {
  double x = 0;
  const bool whole = parseNumber(value, x) && x == std::floor(x);
  const Lesson* l = findLesson(d.state.lesson);
  if (!l) {  // no lesson to open: the step means nothing (an unknown lesson has its own note)
    if (!whole) d.notes.push_back("link: lesson step must be a whole number, found '" + shorten(value) + "'; ignored");
    return;
  }
  const int last = static_cast<int>(l->steps.size()) - 1;
  const std::string range = std::string("lesson ") + l->id + " has steps 0 to " + std::to_string(last);
  if (!whole) {
    d.notes.push_back("link: step '" + shorten(value) + "' is not a whole number: " + range + "; showing step 0");
  } else if (x < 0 || x > last) {
    d.state.lessonStep = x < 0 ? 0 : last;
    d.notes.push_back("link: step " + shortestNumber(x) + ": " + range + "; showing step " +
                      std::to_string(d.state.lessonStep));
  } else {
    d.state.lessonStep = static_cast<int>(x);
  }
}

// A link key as it names what it sets: an intervention's step without its
// leading zeros (at/0001/pool/exitFee is at/1/pool/exitFee).
std::string canonicalKey(const std::string& key) {
  if (!isInterventionKey(key)) return key;
  const size_t from = kInterventionPrefix.size(), slash = key.find('/', from);
  const std::string step = key.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
  if (step.empty() || step.find_first_not_of("0123456789") != std::string::npos) return key;
  const size_t first = std::min(step.find_first_not_of('0'), step.size() - 1);
  return std::string(kInterventionPrefix) + step.substr(first) + key.substr(from + step.size());
}

}  // namespace

bool admitSetting(const std::string& path, std::string& value, std::vector<std::string>& notes) {
  if (!isShareablePath(path)) {
    notes.push_back("'" + shorten(path) + "' is not a playground parameter; ignored");
    return false;
  }
  if (value.empty() || value.size() > 512) {
    notes.push_back(path + " has " + (value.empty() ? "no value" : "a value over 512 characters") + "; ignored");
    return false;
  }
  if (const Control* c = findControl(path)) {
    double x = 0;
    if (!parseNumber(value, x)) {
      notes.push_back(path + " expects a number, found '" + shorten(value) + "'; ignored");
      return false;
    }
    if (c->kind == ControlKind::Integer && x != std::floor(x)) {
      notes.push_back(path + " expects a whole number, found '" + shorten(value) + "'; ignored");
      return false;
    }
    if (x < c->min || x > c->max) {
      const double y = std::min(std::max(x, c->min), c->max);
      notes.push_back(path + "=" + shorten(value) + " is outside the playground's range [" +
                      shortestNumber(c->min) + ", " + shortestNumber(c->max) + "]; clamped to " +
                      shortestNumber(y));
      x = y;
    }
    value = shortestNumber(x);
    return true;
  }
  if (path == kLearningWritersPath || path == kLearningLpsPath) {
    nlohmann::json j = parseJsonOrDiscarded(value);  // depth-capped: a link is never trusted
    if (j.is_discarded() || !j.is_array() || j.empty() || j.size() > 8) {
      notes.push_back(path + " expects a JSON list of 1 to 8 strategy groups; ignored");
      return false;
    }
  }
  return true;  // fee rule name and params: checked when the scenario is built
}

bool admitIntervention(const std::string& key, std::string& value, Intervention& out, std::vector<std::string>& notes) {
  // at/STEP/PATH
  const std::string rest = key.substr(std::min(key.size(), kInterventionPrefix.size()));
  const size_t slash = rest.find('/');
  const std::string step = rest.substr(0, slash), path = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (slash == std::string::npos || path.empty()) {
    notes.push_back("'" + shorten(key) + "' is not at/STEP/PATH (e.g. at/100/pool/exitFee); ignored");
    return false;
  }
  double x = 0;
  if (!parseNumber(step, x) || step.find_first_not_of("0123456789") != std::string::npos || x < 1 || x > kMaxLinkStep) {
    notes.push_back("'" + shorten(key) + "': an intervention's step must be a whole number from 1 to " +
                    std::to_string(kMaxLinkStep) + "; ignored");
    return false;
  }
  if (!governablePath(path)) {
    notes.push_back("'" + shorten(key) + "': governance cannot change '" + shorten(path) +
                    "' mid-run (a fee rule, a pool term or backstop/feeShare can); ignored");
    return false;
  }
  std::vector<std::string> valueNotes;
  const bool ok = admitSetting(path, value, valueNotes);
  for (const auto& n : valueNotes) notes.push_back("intervention at step " + step + ": " + n);
  if (!ok) return false;
  out = Intervention{static_cast<int>(x), path, value};
  return true;
}

DecodedShare decodeShare(std::string_view fragment) {
  DecodedShare d;
  if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
  if (fragment.empty()) return d;
  if (!validUtf8(fragment)) {  // a browser sends %-escapes; raw bytes that are not UTF-8 can only be forged
    d.notes.push_back("link: not valid UTF-8 text; ignored, the default scenario is shown");
    return d;
  }
  if (fragment.size() > kMaxFragmentLength) {
    d.notes.push_back("link: longer than " + std::to_string(kMaxFragmentLength) +
                      " characters; ignored, the default scenario is shown");
    return d;
  }
  size_t entries = 0;
  std::optional<std::string> step;
  std::map<std::string, bool> seen;  // each key, canonical, and whether one of its values was used
  while (!fragment.empty()) {
    const size_t amp = fragment.find('&');
    const std::string_view item = fragment.substr(0, amp);
    fragment = amp == std::string_view::npos ? std::string_view{} : fragment.substr(amp + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    std::string key, value;
    if (eq == std::string_view::npos || !percentDecode(item.substr(0, eq), key) ||
        !percentDecode(item.substr(eq + 1), value) || !validUtf8(key) || !validUtf8(value)) {
      d.notes.push_back("link: '" + shorten(item) + "' is not key=value with valid %-escapes of UTF-8 text; ignored");
      continue;
    }
    // A key given twice (seed=1&seed=2, or at/1/... and at/0001/...): the
    // last value is used if it is admitted; if it is refused (its note says
    // why), the one before stands. Either way said, after what happened.
    const std::string canonical = canonicalKey(key);
    const bool repeated = seen.contains(canonical), usedBefore = repeated && seen[canonical];
    bool used = true, overLimit = false;  // whether this entry's value is the one the state now holds
    if (key == "preset") {
      d.namedPreset = true;
      if (findPreset(value)) d.state.preset = value;
      else used = false, d.notes.push_back("link: no preset named '" + shorten(value) + "'; showing " + d.state.preset);
    } else if (key == "seed") {
      // Plain decimal digits only: strtod would also take 0x1p4, +5 and 1e3, which a link never holds.
      const bool digits = !value.empty() && value.size() <= 16 && value.find_first_not_of("0123456789") == std::string::npos;
      if (digits && std::stoull(value) <= kMaxSeed) d.state.seed = std::stoull(value);
      else used = false, d.notes.push_back("link: seed must be a whole number from 0 to 2^53-1 in decimal digits, found '" +
                                           shorten(value) + "'; using " + std::to_string(d.state.seed));
    } else if (key == "compare") {
      d.namedCompare = true;
      if (value.empty() || findFeeRule(value)) d.state.compare = value;
      else
        used = false, d.notes.push_back("link: no fee rule named '" + shorten(value) + "' to compare with; " +
                                        (d.state.compare.empty() ? "comparison off" : "comparing with " + d.state.compare));
    } else if (key == "lesson") {
      if (findLesson(value)) d.state.lesson = value;
      else used = false, d.notes.push_back("link: no lesson named '" + shorten(value) + "'; ignored");
    } else if (key == "step") {
      step = value;  // checked once the lesson, which may come later in the link, is known
    } else if (key == "played") {
      // Past the run's horizon is the App's to clamp: the horizon may be one of the link's own entries.
      double x = 0;
      if (parseNumber(value, x) && x >= 0 && x <= kMaxLinkStep && x == std::floor(x))
        d.state.played = static_cast<int>(x);
      else
        used = false, d.notes.push_back("link: played must be a whole number of steps from 0 to " + std::to_string(kMaxLinkStep) +
                                        ", found '" + shorten(value) + "'; the run starts at step " +
                                        std::to_string(d.state.played));
    } else if (key == "data") {
      // Only remembered, with a note: the App asks for the file and runs the simulated market until it comes.
      const size_t at = value.rfind('@');
      const std::string hash = at == std::string::npos ? "" : value.substr(at + 1);
      const bool hex = hash.size() == 16 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
      if (!hex || at == 0 || value.size() > 300) {
        used = false;
        d.notes.push_back("link: data must be FILE@HASH (16 hex digits), found '" + shorten(value) + "'; ignored");
      } else {
        d.state.data = value;
        d.notes.push_back("link: this run used the price data file '" + shorten(value.substr(0, at)) + "' (FNV-1a " +
                          hash + "), which a link cannot carry: load that file again (Scenario panel, Price data) "
                          "to reproduce it; until then the market is simulated");
      }
    } else if (++entries > kMaxSetEntries) {
      used = false, overLimit = true;
      if (entries == kMaxSetEntries + 1)
        d.notes.push_back("link: more than " + std::to_string(kMaxSetEntries) + " parameters; the rest are ignored");
    } else if (isInterventionKey(key)) {
      std::vector<std::string> notes;
      Intervention i;
      used = admitIntervention(key, value, i, notes);
      for (const auto& n : notes) d.notes.push_back("link: " + n);
      if (used) {  // one change per (step, path), the last, as Session::intervene keeps them
        std::erase_if(d.state.interventions, [&](const Intervention& o) { return o.step == i.step && o.path == i.path; });
        d.state.interventions.push_back(std::move(i));
      }
    } else {
      std::vector<std::string> notes;
      used = admitSetting(key, value, notes);
      for (const auto& n : notes) d.notes.push_back("link: " + n);
      if (used) d.state.assign(key, value);
    }
    seen[canonical] = usedBefore || used;
    if (repeated && !overLimit)
      d.notes.push_back("link: '" + shorten(canonical) + "' is given more than once; " +
                        (used         ? "the last value, '" + shorten(value) + "', is used"
                         : usedBefore ? "its last value is refused (see above), so the one before it stands"
                                      : "none of its values is used"));
  }
  if (step) admitLessonStep(*step, d);
  return d;
}

nlohmann::json admitScenario(ShareState& s, std::vector<std::string>& notes) {
  const char* text = findPreset(s.preset);
  if (!text) throw InputError("preset", "no preset named '" + s.preset + "'");
  const LoadedScenario base = loadScenarioJson(parseJsonText(text, "preset:" + s.preset), {}, "preset:" + s.preset);
  if (s.set.empty()) return base.resolved;
  // Apply one at a time so a refused entry names itself and the rest still apply.
  std::vector<std::pair<std::string, std::string>> kept;
  std::vector<std::string> accepted;
  nlohmann::json probe = base.resolved;
  for (const auto& [p, v] : s.set) {
    try {
      applyOverride(probe, p + "=" + v);
      accepted.push_back(p + "=" + v);
      kept.emplace_back(p, v);
    } catch (const InputError& e) {
      notes.push_back(std::string("refused ") + e.what());
    }
  }
  // What is shown is what the link keeps: a refused value left in it would
  // be refused again by whoever opens the link, and the link would not say
  // what its sender saw.
  try {
    nlohmann::json resolved =
        loadScenarioJson(parseJsonText(text, "preset:" + s.preset), accepted, "preset:" + s.preset).resolved;
    s.set = std::move(kept);
    return resolved;
  } catch (const InputError& e) {
    notes.push_back(std::string("refused the changed parameters together: ") + e.what() + "; showing the preset as it is");
    s.set.clear();
    return base.resolved;
  }
}

nlohmann::json scenarioOf(const ShareState& s, std::vector<std::string>& notes) {
  ShareState shown = s;
  return admitScenario(shown, notes);
}

}  // namespace mutualab::web
