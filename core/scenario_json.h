// The edge where scenarios come in: JSON text -> json -> validated ScenarioDef,
// and back. Everything is checked here, once, so the core can use a
// ScenarioDef without re-checking it. Every refusal is an InputError whose
// path is the JSON pointer of the offending value and whose message says what
// was expected and what was found. The allowed range, human name, unit and
// meaning of every field are written once, next to the field in
// scenario_json.cpp (scenarioFields below), and listed for researchers by
// `mutualab fields` and in docs/scenario-reference.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scenario.h"

namespace mutualab {

// Parses JSON text. A syntax error becomes an InputError (path "") whose
// message names `sourceName` (a file name or "--set"), the line and column,
// and the parser's message. A key written twice in one object is refused
// too (path = its JSON pointer): plain JSON would silently keep the last one.
// Arrays and objects nested deeper than kMaxJsonDepth are refused too (path
// = where the limit was crossed), so no later recursive walk can overflow
// the stack. Every JSON mutualab reads goes through here.
nlohmann::json parseJsonText(const std::string& text, const std::string& sourceName);
inline constexpr int kMaxJsonDepth = 64;

// The same parse, for files mutualab wrote itself (cell files, a loaded
// summary.json): anything refused comes back as a discarded value.
nlohmann::json parseJsonOrDiscarded(const std::string& text);

// Builds a scenario from JSON whose keys are exactly the struct field names
// of scenario.h. Fields not given keep their defaults; required: `name`, each
// asset's `name`/`spot`/`volAnnual`, each strategy entry's `name` and
// `pool.feeRule.name`. A top-level string "$schema" (for editors) is ignored.
// Refuses wrong types, unknown keys, non-finite numbers,
// out-of-range values, inconsistent combinations, and scenarios whose
// estimated memory per replication exceeds kMaxReplicationBytes.
ScenarioDef scenarioFromJson(const nlohmann::json& j);

// The full resolved scenario, every field present. Stable (the same struct
// gives the same dump) and exact: scenarioFromJson(scenarioToJson(s))
// reproduces s bit for bit (doubles are written in shortest round-trip form).
nlohmann::json scenarioToJson(const ScenarioDef& s);

// The JSON Schema (draft-07) of what scenarioFromJson accepts, from the same
// field lists: types, keys (additionalProperties false), required fields,
// ranges, choices, list sizes and every default. Not in it: cross-field
// checks, descriptions and the registries' names and params, which
// experiments/scenario_schema.h adds (core knows no strategies).
nlohmann::json scenarioFieldSchema();

// One row of the scenario parameter table: the field lists in
// scenario_json.cpp, where each field is defined once (key, range, human
// name, unit, meaning; its default is the struct's). `mutualab fields`, the
// tables of docs/scenario-reference.md, the JSON Schema's descriptions and
// the playground's slider labels, units and tooltips are made from these.
struct FieldInfo {
  std::string path;       // JSON pointer; "i" stands for any list index ("/market/assets/i/spot")
  std::string name;       // human name ("volatility"): labels, figure axes
  std::string unit;       // what follows a value ("steps", "per year", "x max loss"); "" = a plain number
  std::string text;       // what it means and does
  std::string type;       // "int", "number", "bool", "string", "string or int", "object", "array of ..."
  std::string byDefault;  // the default as docs print it: a JSON value (365, "ewma") or words ("required")
  std::string allowed;    // range, choices or sizes, and the rules across fields, in words ("" = anything)
  nlohmann::json defaultValue;  // the default; null where byDefault is words
  bool required = false;
  double min = -std::numeric_limits<double>::infinity();  // numbers: the range
  double max = std::numeric_limits<double>::infinity();
  bool minOpen = false, maxOpen = false;
  std::vector<std::string> choices;  // strings with a fixed set of values
};

// Every field, in the order of the field lists; nested structs are not rows
// (their fields are), lists are (and their entries' fields, under "/i/").
const std::vector<FieldInfo>& scenarioFields();
// The row of a field: a table path or a concrete one ("market/assets/0/spot",
// with or without the leading '/'). nullptr if the scenario has no such field.
const FieldInfo* findScenarioField(std::string_view path);

// Applies one CLI `--set path=value` to a RESOLVED scenario json (as made by
// scenarioToJson, so every field exists). The path is '/'-separated, with or
// without a leading '/', array indices allowed ("market/assets/0/volAnnual").
// Only existing paths may be set, except inside a `params` object where new
// keys (and nested objects) are created. The value is parsed as JSON when it
// parses; `nan`, `inf`, `-inf` become those doubles (validation then refuses
// them); anything else is a plain string. Where the current value is a string
// the text is always taken as a string ("name=2024" gives "2024"). Text that
// starts like JSON ('{', '[', '"') must be valid JSON.
void applyOverride(nlohmann::json& scenario, const std::string& assignment);

// Whether s is well-formed UTF-8 (no overlongs, surrogates or code points
// above U+10FFFF). JSON text must be; a string that is not cannot be written
// to summary.json, so text from --set and share links is checked with this.
bool validUtf8(std::string_view s);
// s as UTF-8 text, each byte that is not shown as U+FFFD: for a file name
// the system gave (any bytes but '/' and NUL) that a JSON record names.
std::string utf8Text(std::string_view s);

// One JSON pointer token, escaped (RFC 6901: '~' -> "~0", '/' -> "~1"), so a
// key "a/b" shows as ".../a~1b" in messages, as the user must write it.
std::string escapeToken(const std::string& token);

// A name that becomes part of a default output path (out/NAME for a
// scenario, out/sweep-NAME, out/tournament-NAME) must be one safe path
// component: 1 to 100 characters, no '/', '\\' or control characters, not
// "." or "..". Returns what is wrong, or nothing. Scenario names are checked
// by scenarioFromJson; sweep and tournament specs check theirs.
std::optional<std::string> pathNameProblem(const std::string& name);

// A pool's name becomes summary keys and series column prefixes (POOL.metric):
// 1 to 40 letters, digits, '-' and '_'. Returns what is wrong, or nothing.
std::optional<std::string> poolNameProblem(const std::string& name);

// Rough memory of one World, times `replicationsInFlight` (values below 1
// count as 1), saturating at SIZE_MAX. Per writer ~180 bytes, per LP ~300
// (times the pools), per position slot ~160 bytes, plus 8 per offer with
// several pools or a menu (slots = the lesser of sim.maxOpenPositions, when
// set, and 1.25 x writers x arrivals per writer per step x tenor + 64), per
// pooled position that can be open ~40 bytes (the slots, or fewer where the
// pools' maxPositions cap them), per pool, asset and step of the tenor ~160
// bytes, per step of metrics ~600 bytes, price paths 8 bytes x assets x
// (steps + 1).
std::size_t estimateMemoryBytes(const ScenarioDef& s, int replicationsInFlight);

// scenarioFromJson refuses a scenario whose one-replication estimate is above
// this: 8 GiB natively; 1 GiB where pointers are 32-bit (wasm32 in a browser
// tab cannot address more than 2-4 GiB in all, so 8 GiB would never catch).
inline constexpr std::uint64_t kMaxReplicationBytes =
    sizeof(void*) >= 8 ? (std::uint64_t{8} << 30) : (std::uint64_t{1} << 30);

}  // namespace mutualab
