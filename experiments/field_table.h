// The scenario parameter table (core/scenario_json.h scenarioFields) as
// people read it: one line per field for the JSON Schema and tooltips, a
// listing for `mutualab fields`, and the markdown tables of
// docs/scenario-reference.md, which are generated, never edited by hand.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/scenario_json.h"

namespace mutualab {

// "length of the run T (unit: steps). Allowed: [1, 100000]"
std::string fieldDescription(const FieldInfo& f);

// The rows under `prefix` ("pool", "/pool/", "market/assets"; "" = all):
// path == prefix or path starts with prefix + "/". Table paths ("i" for an index).
std::vector<const FieldInfo*> fieldsUnder(std::string_view prefix);

// `mutualab fields`: per field, its path with type, default, unit and range,
// then its name and meaning wrapped at `width` columns.
std::string fieldsListing(const std::vector<const FieldInfo*>& rows, int width = 100);

// A markdown table of the fields under each prefix, in order. Rows under
// /pools/i/ that repeat a `pool` field are one row ("every field of `pool`").
std::string fieldsMarkdown(const std::vector<std::string>& prefixes);

// The params of every entry of a registry ("fee-rules", "writer-strategies",
// "lp-strategies", "learners"), a markdown table per entry, from the entries'
// ParamTables (core/param_spec.h).
std::string registryParamsMarkdown(const std::string& registry);

// `markdown` with the text between each "<!-- fields PREFIX ... -->" line and
// the next "<!-- end fields -->" line replaced by fieldsMarkdown(PREFIXES),
// and between "<!-- params REGISTRY ... -->" and "<!-- end params -->" by
// registryParamsMarkdown of each.
// Throws InputError on an unknown prefix or a marker left open.
std::string withFieldTables(const std::string& markdown);

}  // namespace mutualab
