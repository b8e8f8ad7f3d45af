#include <catch2/catch.hpp>

#include <vector>

#include "core/errors.h"
#include "core/fee_rules.h"
#include "support/fee_fixtures.h"
#include "support/input_error.h"
#include "support/param_table_checks.h"

using namespace mutualab;

namespace {
using testing::History;
using testing::putQuote;

std::unique_ptr<FeeRule> rule(const char* name, nlohmann::json params = nlohmann::json::object()) {
  return makeFeeRule(FeeRuleDef{name, std::move(params)});
}
}  // namespace

TEST_CASE("flat fee is (1 + loading) x the pool's loss rate x notional, for everyone", "[fee_rules]") {
  History h;
  auto flat = rule("flat", {{"loading", 0.25}, {"basis", "experience"}});
  FeeQuoteInput q = putQuote();
  CHECK(flat->quote(q, h.ctx(0.01)) == Approx(1.25 * 0.01 * 1000));
  q.writer = 1;  // a writer with a terrible history pays the same
  CHECK(flat->quote(q, h.ctx(0.01)) == Approx(12.5));
  auto fixed = rule("flat", {{"loading", 0.0}, {"basis", "fixed"}});
  CHECK(fixed->quote(q, h.ctx(0.05)) == Approx(0.004 * 1000));  // stays at the initial rate
  auto expected = rule("flat", {{"loading", 0.0}});  // default basis: members' average expected loss
  FeeContext c = h.ctx(0.05);
  c.experience.pooledExpectedRate = 0.012;
  CHECK(expected->quote(q, c) == Approx(12.0));
  CHECK_THROWS_AS(rule("flat", {{"basis", "magic"}}), InputError);
}

TEST_CASE("credibility blends own and pool experience with Z = n/(n+k)", "[fee_rules]") {
  History h;
  auto cred = rule("credibility", {{"loading", 0.0}, {"k", 40.0}, {"poolBasis", "experience"}});
  FeeQuoteInput q = putQuote();
  q.writer = 0;  // no history: the pool's rate
  CHECK(cred->quote(q, h.ctx(0.02)) == Approx(0.02 * 1000));
  q.writer = 1;  // n = 40, k = 40: Z = 1/2 between 10% and 2%
  CHECK(cred->quote(q, h.ctx(0.02)) == Approx(0.5 * 0.10 * 1000 + 0.5 * 0.02 * 1000));
}

TEST_CASE("utilization curve is kinked and annual", "[fee_rules]") {
  History h;
  auto util = rule("utilization", {{"baseAnnual", 0.02}, {"slopeAnnual", 0.10}, {"kink", 0.8}, {"steepAnnual", 1.0}});
  const FeeQuoteInput q = putQuote();
  const double y = q.years * q.notional;
  CHECK(util->quote(q, h.ctx(0, 0.0)) == Approx(0.02 * y));
  CHECK(util->quote(q, h.ctx(0, 0.4)) == Approx((0.02 + 0.05) * y));
  CHECK(util->quote(q, h.ctx(0, 0.8)) == Approx((0.02 + 0.10) * y));
  CHECK(util->quote(q, h.ctx(0, 0.9)) == Approx((0.02 + 0.10 + 0.5) * y));
}

TEST_CASE("risk-based fee prices each position's observable risk", "[fee_rules]") {
  History h;
  auto rb = rule("risk-based", {{"loading", 0.5}, {"capitalChargeAnnual", 0.0}, {"minRate", 0.0}});
  FeeQuoteInput q = putQuote();
  const double expected = modelExpectedCover(q);
  CHECK(expected == Approx(q.units * bsPrice(OptionKind::Put, 2000, 1440, 0, 0.7, q.years)));
  CHECK(rb->quote(q, h.ctx(0)) == Approx(1.5 * expected));
  // Closer to the money (a riskier writer's position) costs more; the pool's history does not matter.
  FeeQuoteInput near = q;
  near.strike = 2000;
  near.coverStrike = 1600;
  CHECK(rb->quote(near, h.ctx(0)) > 2.0 * rb->quote(q, h.ctx(0)));
  CHECK(rb->quote(q, h.ctx(0.5)) == Approx(rb->quote(q, h.ctx(0.0))));
  FeeContext cal = h.ctx(0);
  cal.experience.modelRatio = 1.8;  // the pool has seen 80% more loss than its model predicted
  auto calibrated = rule("risk-based", {{"loading", 0.5}, {"capitalChargeAnnual", 0.0}, {"minRate", 0.0}, {"calibrate", true}});
  CHECK(calibrated->quote(q, cal) == Approx(1.5 * 1.8 * expected));
  cal.experience.modelRatio = 0.5;  // never priced below the model
  CHECK(calibrated->quote(q, cal) == Approx(1.5 * expected));
  CHECK(rb->quote(q, cal) == Approx(1.5 * expected));  // off by default
  auto withCharge = rule("risk-based", {{"capitalChargeAnnual", 0.1}, {"minRate", 0.0}});
  CHECK(withCharge->quote(q, h.ctx(0)) > rb->quote(q, h.ctx(0)));
}

TEST_CASE("fee rules refuse unknown names and bad params with the JSON path", "[fee_rules]") {
  try {
    makeFeeRule(FeeRuleDef{"flatt", nlohmann::json::object()});
    FAIL("accepted an unknown rule");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/feeRule/name");
    CHECK_THAT(e.what(), Catch::Contains("flat") && Catch::Contains("risk-based") && Catch::Contains("credibility"));
  }
  try {
    makeFeeRule(FeeRuleDef{"flat", {{"loadng", 0.1}}});
    FAIL("accepted an unknown param");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/feeRule/params/loadng");
    CHECK_THAT(e.what(), Catch::Contains("loading"));
  }
  try {
    makeFeeRule(FeeRuleDef{"credibility", {{"k", -1}}});
    FAIL("accepted k < 0");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/feeRule/params/k");
  }
  CHECK_THROWS_AS(makeFeeRule(FeeRuleDef{"flat", {{"loading", "high"}}}), InputError);
  CHECK(feeRules().size() == 7);
}

TEST_CASE("every fee rule's parameter table is well formed, its defaults valid, its ranges enforced", "[fee_rules][params]") {
  for (const FeeRuleInfo& r : feeRules()) testing::checkParamTable(r);
  // Derived once from the tables: the defaults summary.json echoes (integers stay integers).
  CHECK(findFeeRule("credibility")->defaults().dump() == R"({"k":20.0,"loading":0.0,"minRate":0.0,"poolBasis":"expected"})");
  CHECK(findFeeRule("bonus-malus")->defaults().dump() ==
        R"({"basis":"expected","claimFreeSteps":60,"classes":[0.5,0.7,1.0,1.5,2.5,4.0],"loading":0.2,"startClass":2,"upOnClaim":2})");
}

TEST_CASE("fixed-rate charges its posted rate whatever the pool has learned, and refuses a rate outside [0, 1]", "[fee_rules]") {
  auto rule = makeFeeRule(FeeRuleDef{"fixed-rate", {{"rate", 0.023}}});
  FeeQuoteInput q;
  q.notional = 1000.0;
  FeeContext calm, stressed;
  stressed.experience.lossRate = 0.5;
  stressed.utilization = 0.99;
  CHECK(rule->quote(q, calm) == Approx(23.0));
  CHECK(rule->quote(q, stressed) == Approx(23.0));
  CHECK(makeFeeRule(FeeRuleDef{"fixed-rate", nlohmann::json::object()})->quote(q, calm) == Approx(10.0));  // default 1%
  try {
    makeFeeRule(FeeRuleDef{"fixed-rate", {{"rate", 1.5}}});
    FAIL("accepted a rate above 1");
  } catch (const InputError& e) {
    CHECK(e.path() == "/pool/feeRule/params/rate");
  }
}

TEST_CASE("bonus-malus climbs the ladder on a claim and descends one class per claim-free period", "[fee_rules][bonus-malus]") {
  History h;
  auto bm = rule("bonus-malus", {{"classes", {0.5, 1.0, 2.0, 4.0}}, {"startClass", 1}, {"upOnClaim", 2},
                                 {"claimFreeSteps", 10}, {"loading", 0.25}, {"basis", "experience"}});
  REQUIRE(bm->observesSettlements);
  bm->bind(2);
  FeeQuoteInput q = putQuote();
  FeeContext c = h.ctx(0.02);
  auto at = [&](int writer, int step) {
    q.writer = writer;
    c.step = step;
    return bm->quote(q, c) / (1.25 * 0.02 * 1000);  // the class's multiplier
  };
  CHECK(at(0, 0) == Approx(1.0));
  CHECK(at(0, 9) == Approx(1.0));
  CHECK(at(0, 10) == Approx(0.5));  // a claim-free period: one class down
  CHECK(at(0, 500) == Approx(0.5));  // never below class 0
  bm->settled(0, 12, 0.0);          // a settlement without a claim changes nothing
  CHECK(at(0, 12) == Approx(0.5));
  bm->settled(0, 12, 30.0);  // a claim: from class 0 two up, to class 2
  CHECK(at(0, 12) == Approx(2.0));
  CHECK(at(0, 21) == Approx(2.0));
  CHECK(at(0, 22) == Approx(1.0));
  bm->settled(0, 25, 1.0);   // from class 1, up two: 3
  bm->settled(0, 26, 1.0);   // capped at the top class
  CHECK(at(0, 26) == Approx(4.0));
  CHECK(at(0, 46) == Approx(1.0));  // two periods later
  CHECK(at(1, 46) == Approx(0.5));  // the other writer: no claims, 4 periods from class 1
}

TEST_CASE("bonus-malus refuses a ladder that falls, an empty one and a start outside it", "[fee_rules][bonus-malus][bad-input]") {
  using testing::requireInputError;
  requireInputError([] { rule("bonus-malus", {{"classes", {0.5, 1.0, 0.8}}}); }, "/pool/feeRule/params/classes/2",
                    "must not fall");
  requireInputError([] { rule("bonus-malus", {{"classes", nlohmann::json::array()}}); },
                    "/pool/feeRule/params/classes", "1 to 100 rate multipliers");
  requireInputError([] { rule("bonus-malus", {{"classes", {1.0, "x"}}}); }, "/pool/feeRule/params/classes/1",
                    "rate multiplier");
  requireInputError([] { rule("bonus-malus", {{"classes", {1.0, 2.0}}, {"startClass", 2}}); },
                    "/pool/feeRule/params/startClass", "0 to 1");
}
