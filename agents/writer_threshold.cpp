// Threshold dumping: pool the positions whose private risk signal is at or
// above a threshold (in the cheapest available pool), keep the rest. The simplest form of risk dumping, and
// the file to copy when adding a writer strategy.
#include "agents/registry.h"
#include "core/params.h"

namespace mutualab {
namespace {

class ThresholdDumping final : public WriterStrategy {
 public:
  double threshold = 0;  // set by make() from the table in thresholdDumpingStrategy()

  void decide(std::span<const WriterQuote> quotes, std::span<WriterChoice> choices, std::span<std::int32_t>,
              int group) override {
    for (size_t i = 0; i < quotes.size(); ++i) {
      const WriterQuote& q = quotes[i];
      if (q.group != group) continue;
      choices[i] = q.signal >= threshold ? WriterChoice::inPool(q.referencePool) : WriterChoice::silo();
    }
  }
};

std::unique_ptr<WriterStrategy> make(const nlohmann::json& params, const std::string& path) {
  Params p(params, thresholdDumpingStrategy().params, path);
  auto s = std::make_unique<ThresholdDumping>();
  s->threshold = p.number("threshold");
  return s;
}

}  // namespace

WriterStrategyInfo thresholdDumpingStrategy() {
  return {"threshold-dumping", "pools positions whose private risk signal is >= threshold (cheapest pool), silos the rest",
          {param::number("threshold", 0.5, param::closed(0, 1), "risk signal",
                         "the private risk signal at or above which a position is dumped into the pool")},
          make};
}

}  // namespace mutualab
