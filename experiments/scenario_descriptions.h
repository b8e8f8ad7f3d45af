// What each scenario field means, keyed by its path in
// docs/scenario-reference.md ("/market/assets/i/spot"; "i" for any list
// index). Generated from that reference (scripts/gen_field_descriptions.py)
// so the JSON Schema's descriptions say what the reference says.
#pragma once

#include <vector>

namespace mutualab {

struct FieldDescription {
  const char* path;
  const char* text;  // meaning and unit, then "Allowed: ..." as the reference writes it
};

const std::vector<FieldDescription>& scenarioFieldDescriptions();

}  // namespace mutualab
