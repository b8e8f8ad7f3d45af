// Flat fee: one rate per unit notional for everyone, whatever the position or
// the writer, plus a loading. It cannot tell risks apart: the Akerlof case.
// The rate's basis:
//   expected   - the average expected loss of the positions recently pooled
//                (the textbook Akerlof insurer, pricing at its members'
//                average cost; starts at the whole population's average);
//   experience - an EWMA of realized cover losses per notional (the same, as
//                learned from noisy outcomes: market moves dominate it);
//   fixed      - the population's average expected loss, never updated.
// This is the file to copy when adding a fee rule.
#include <algorithm>

#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class FlatFee final : public FeeRule {
 public:
  // Set by make() from the table in flatFeeRule(), where defaults and meanings live.
  double loading = 0;
  double minRate = 0;
  int basis = 0;  // index of the basis: 0 expected, 1 experience, 2 fixed (see above)

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const auto& e = ctx.experience;
    const double rate = basis == 0 ? e.pooledExpectedRate : (basis == 1 ? e.lossRate : e.initialLossRate);
    return (1.0 + loading) * std::max(minRate, rate) * q.notional;
  }
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, flatFeeRule().params, path);
  auto r = std::make_unique<FlatFee>();
  r->loading = p.number("loading");
  r->minRate = p.number("minRate");
  r->basis = p.choice("basis");
  return r;
}

}  // namespace

FeeRuleInfo flatFeeRule() {
  return {"flat", "one rate per notional for all: members' average expected loss, or realized experience (Akerlof-prone)",
          {param::number("loading", 0.2, param::closed(0, 10), "", "fee = (1 + loading) x rate x notional"),
           param::number("minRate", 0.0, param::closed(0, 1), "per notional", "floor on the rate"),
           param::choice("basis", "expected", {"expected", "experience", "fixed"},
                         "the rate: members' average expected loss, an EWMA of realized losses, or the start's")},
          make};
}

}  // namespace mutualab
