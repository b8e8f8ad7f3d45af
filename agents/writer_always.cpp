// The two corner baselines: keep everything in the silo, or pool everything.
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

template <WriterAction kAction>
class Always final : public WriterStrategy {
 public:
  void decide(std::span<const WriterQuote> quotes, std::span<WriterChoice> choices, std::span<std::int32_t>,
              int group) override {
    for (size_t i = 0; i < quotes.size(); ++i) {
      if (quotes[i].group != group) continue;
      choices[i] = kAction == WriterAction::Pool ? WriterChoice::inPool(quotes[i].referencePool) : WriterChoice::silo();
    }
  }
};

template <WriterAction kAction>
std::unique_ptr<WriterStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, {}, path);  // no parameters: refuses any
  return std::make_unique<Always<kAction>>();
}

}  // namespace

WriterStrategyInfo alwaysSiloStrategy() {
  return {"always-silo", "keeps every position in its own fully collateralized silo", {},
          make<WriterAction::Silo>};
}

WriterStrategyInfo alwaysPoolStrategy() {
  return {"always-pool", "moves every position into the cheapest available pool (falls back to the silo if refused)",
          {}, make<WriterAction::Pool>};
}

}  // namespace mutualab
