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
    // "<problem>; variables: ..." -> "<problem>"
    std::string m = e.message();
    if (const auto lists = m.find("; variables:"); lists != std::string::npos) m.erase(lists);
    const std::string key = e.path().substr(e.path().rfind('/') + 1);
    return key == "fee" ? m : key + ": " + m;  // another parameter (k)
  }
}

}  // namespace mutualab::web
