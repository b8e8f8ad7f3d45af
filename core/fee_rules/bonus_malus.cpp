// Bonus-malus: a class ladder, as in motor insurance. Every writer starts in
// `startClass`; each class multiplies a base rate (the flat rule's). A claim
// (a settled position, pooled or siloed, on which the pool's cover would
// have paid: a loss beyond the writer's collateral) moves the writer
// `upOnClaim` classes up; every `claimFreeSteps` steps without a claim move
// it one class down. The class is public, computed from on-chain history:
// like credibility it learns a writer's risk from outcomes, but by a fixed
// ladder rather than a blend.
#include <algorithm>
#include <vector>

#include "core/errors.h"
#include "core/fee_rules.h"
#include "core/params.h"

namespace mutualab {
namespace {

class BonusMalusFee final : public FeeRule {
 public:
  // Set by make() from the table in bonusMalusFeeRule(), where defaults and meanings live.
  std::vector<double> multipliers;  // non-decreasing (class 0 = best)
  int startClass = 0;
  int upOnClaim = 0;
  int claimFreeSteps = 1;
  double loading = 0;
  int basis = 0;  // index of the basis: 0 expected, 1 experience (as the flat rule)

  BonusMalusFee() { observesSettlements = true; }

  void bind(int writers) override {
    cls_.assign(static_cast<size_t>(writers), startClass);
    since_.assign(static_cast<size_t>(writers), 0);
  }

  // The class at `step`: the one last set, less one per full claim-free period since.
  int classAt(int writer, int step) const {
    const size_t w = static_cast<size_t>(writer);
    const int down = claimFreeSteps > 0 ? std::max(0, step - since_[w]) / claimFreeSteps : 0;
    return std::max(0, cls_[w] - down);
  }

  void settled(int writer, int step, double coverLoss) override {
    if (!(coverLoss > 0)) return;
    const size_t w = static_cast<size_t>(writer);
    cls_[w] = std::min(static_cast<int>(multipliers.size()) - 1, classAt(writer, step) + upOnClaim);
    since_[w] = step;
  }

  double quote(const FeeQuoteInput& q, const FeeContext& ctx) const override {
    const auto& e = ctx.experience;
    const double rate = basis == 0 ? e.pooledExpectedRate : e.lossRate;
    const double m = multipliers[static_cast<size_t>(classAt(q.writer, ctx.step))];
    return (1.0 + loading) * m * std::max(0.0, rate) * q.notional;
  }

 private:
  std::vector<int> cls_;    // class set at the writer's last claim (or the start)
  std::vector<int> since_;  // step of that claim (0 at the start)
};

std::unique_ptr<FeeRule> make(const nlohmann::json& given, const std::string& path) {
  Params p(given, bonusMalusFeeRule().params, path);
  auto r = std::make_unique<BonusMalusFee>();
  // The ladder is checked here: its length and order are beyond a table's range.
  const nlohmann::json& classes = p.raw("classes");
  const std::string cpath = p.pathOf("classes");
  if (classes.empty() || classes.size() > 100)
    throw InputError(cpath, "expected a list of 1 to 100 rate multipliers, lowest class first (e.g. [0.5, 1, 2]), got " +
                                classes.dump());
  for (size_t i = 0; i < classes.size(); ++i) {
    const std::string at = cpath + "/" + std::to_string(i);
    if (!classes[i].is_number() || !(classes[i].get<double>() >= 0) || !(classes[i].get<double>() <= 100))
      throw InputError(at, "expected a rate multiplier in [0, 100], got " + classes[i].dump());
    const double m = classes[i].get<double>();
    if (i > 0 && m < r->multipliers.back())
      throw InputError(at, "the ladder must not fall as classes rise: class " + std::to_string(i) + " multiplies by " +
                               classes[i].dump() + ", below class " + std::to_string(i - 1) + "'s " +
                               classes[i - 1].dump());
    r->multipliers.push_back(m);
  }
  const int n = static_cast<int>(r->multipliers.size());
  r->startClass = p.integer("startClass");
  if (r->startClass >= n)
    throw InputError(p.pathOf("startClass"), "expected a class of the ladder, 0 to " + std::to_string(n - 1) +
                                                   ", got " + std::to_string(r->startClass));
  r->upOnClaim = p.integer("upOnClaim");
  r->claimFreeSteps = p.integer("claimFreeSteps");
  r->loading = p.number("loading");
  r->basis = p.choice("basis");
  return r;
}

}  // namespace

FeeRuleInfo bonusMalusFeeRule() {
  return {"bonus-malus",
          "a class ladder: a claim moves the writer up, a claim-free period down; each class multiplies the flat rate",
          {param::list("classes", {0.5, 0.7, 1.0, 1.5, 2.5, 4.0}, "",
                       "rate multiplier per class, 1 to 100 of them in [0, 100], lowest class first, never falling"),
           param::integer("startClass", 2, 0, 99, "class", "every writer's class at the start (a class of the ladder)"),
           param::integer("upOnClaim", 2, 0, 100, "classes", "classes a claim moves the writer up"),
           param::integer("claimFreeSteps", 60, 1, 100000, "steps", "steps without a claim that move it one class down"),
           param::number("loading", 0.2, param::closed(0, 10), "", "fee = (1 + loading) x multiplier x rate x notional"),
           param::choice("basis", "expected", {"expected", "experience"},
                         "the base rate: members' average expected loss, or realized experience (as flat's)")},
          make};
}

}  // namespace mutualab
