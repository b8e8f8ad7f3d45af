// Registry entries as text for the listings (`mutualab fee-rules`,
// `strategies`, `learners`): the entry's name and description, then one line
// per parameter from its table (core/param_spec.h): key, default, allowed
// values with the unit, and the meaning, wrapped to 100 columns.
#pragma once

#include <string>

#include "core/param_spec.h"

namespace mutualab::cli {

// "  name           description..." (wrapped), then the parameters indented under it.
std::string entryListing(const std::string& name, const std::string& description, const ParamTable& params,
                         int nameWidth);

// `text` wrapped at word boundaries to 100 columns, the first line starting at
// column `at` (the caller has printed up to it), later ones indented to `indent`.
std::string wrapText(const std::string& text, std::size_t at, std::size_t indent);

// The table as JSON, one object per parameter in table order: key, type,
// default, minimum/maximum (exclusive where open), options, unit, description.
nlohmann::json paramTableJson(const ParamTable& params);

}  // namespace mutualab::cli
