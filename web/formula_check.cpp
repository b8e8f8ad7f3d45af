#include "web/formula_check.h"

#include "core/errors.h"
#include "core/fee_rules.h"

namespace mutualab::web {

std::string formulaProblem(const nlohmann::json& params, const std::string& fee) {
  nlohmann::json p = params.is_object() ? params : nlohmann::json::object();
  p["fee"] = fee;
  try {
    makeFeeRule(FeeRuleDef{"formula", p});
    return "";
  } catch (const InputError& e) {
    // "<path>: <problem>; variables: ..." -> "<problem>"
    std::string m = e.what();
    if (const auto colon = m.find(": "); colon != std::string::npos && m.rfind(e.path(), 0) == 0) m.erase(0, colon + 2);
    if (const auto lists = m.find("; variables:"); lists != std::string::npos) m.erase(lists);
    const std::string key = e.path().substr(e.path().rfind('/') + 1);
    return key == "fee" ? m : key + ": " + m;  // another parameter (k)
  }
}

}  // namespace mutualab::web
