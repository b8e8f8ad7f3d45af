// The pool: its capital and insurance fund, who paid the losses (the
// waterfall, layer by layer), the fee, the LPs and their withdrawal queue,
// the price path with its jumps, and capital efficiency, silo vs pool.
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

void waterfall(const World& w, const char* title) {
  static const StepMetric layers[6] = {StepMetric::LossCollateral, StepMetric::LossRetained,
                                       StepMetric::LossInsurance,  StepMetric::LossLp,
                                       StepMetric::LossBackstop,   StepMetric::Unpaid};
  static const char* names[6] = {"collateral", "retained", "insurance", "LP capital", "backstop", "unpaid"};
  std::vector<SeriesRef> s;
  for (int i = 0; i < 6; ++i) s.push_back({&w, layers[i], names[i], style::kLayer[i]});
  lineChart({.title = title, .unit = "currency, cumulative", .height = 150.f}, s);
}

// The live book at risk (web/book_risk.h): the pooled cover's value now, and
// in a 1-in-100 tail at the horizon, against the capital that pays it.
void bookRiskChart(const Session& s) {
  const World& a = s.world(0);
  const BookRiskTrack& r = s.bookRisk(0);
  const BookRiskDef& d = r.def();
  const bool two = s.sideCount() > 1;
  const int tail = static_cast<int>(std::lround(1.0 / (1.0 - d.level)));
  char title[200];
  if (r.tooLarge() > 0)
    std::snprintf(title, sizeof title,
                  "book at risk: %d open positions, too many to measure every few steps here; use mutualab run "
                  "--book-at and mutualab risk",
                  r.tooLarge());
  else
    std::snprintf(title, sizeof title,
                  "book at risk%s: pooled cover's value now, and in a 1-in-%d tail %d days ahead (risk engine)",
                  a.poolCount() > 1 ? " (all pools)" : "", tail, d.horizonDays);
  static char es[32], var[32];
  std::snprintf(es, sizeof es, "%s+ ES %d%%", two ? "A: V(0) " : "V(0) ", static_cast<int>(std::lround(d.level * 100)));
  std::snprintf(var, sizeof var, "V(0) + VaR %d%%", static_cast<int>(std::lround(d.level * 100)));
  std::vector<SeriesRef> v = {
      {.world = &a, .label = "LP capital + insurance fund", .color = style::kPool, .values = &r.resources()},
      {.world = &a, .label = es, .color = style::kLayer[5], .dots = true, .values = &r.liabilityEs()},
      {.world = &a, .label = var, .color = style::kContract[1], .dots = true, .values = &r.liabilityVar()},
      {.world = &a, .label = "V(0), model value now", .color = style::kLayer[0], .dots = true, .values = &r.valueNow()},
  };
  if (two)
    v.push_back({.world = &s.world(1), .label = "B: V(0) + ES", .color = style::kSideB, .dashed = true, .dots = true,
                 .values = &s.bookRisk(1).liabilityEs()});
  lineChart({.title = title, .unit = "currency", .height = 150.f, .governance = false}, v);
}

}  // namespace

std::vector<SeriesRef> shareVsNavSeries(const World& w, int market) {
  const int k = w.shareMarketPools()[static_cast<size_t>(market)];
  SeriesRef nav = w.poolSeriesWidth() > 0 ? SeriesRef{.world = &w, .label = "NAV per share", .color = style::kSideA,
                                                      .pool = k, .poolMetric = PoolStepMetric::Nav}
                                          : SeriesRef{.world = &w, .metric = StepMetric::Nav,
                                                      .label = "NAV per share", .color = style::kSideA};
  SeriesRef price{.world = &w, .label = "auction price", .color = style::kContract[1], .market = market,
                  .marketMetric = ShareMarketStepMetric::Price, .dots = true};
  return {nav, price};
}

std::vector<SeriesRef> shareDiscountSeries(const World& w, int market) {
  return {{.world = &w, .label = "discount", .color = style::kContract[1], .scale = 100.0, .market = market,
           .marketMetric = ShareMarketStepMetric::Discount, .dots = true}};
}

void drawPoolView(App& app) {
  const Session* s = app.session();
  if (!s) return;
  const bool two = s->sideCount() > 1;
  const World& a = s->world(0);
  const World* b = two ? &s->world(1) : nullptr;
  ImGui::BeginChild("poolv", ImVec2(0, 0), false);
  auto pair = [&](StepMetric m, const char* la, const char* lb, ImU32 ca, double scale = 1.0) {
    std::vector<SeriesRef> v = {{&a, m, la, ca, scale}};
    if (b) v.push_back({b, m, lb, style::kSideB, scale, true});
    return v;
  };
  std::vector<SeriesRef> equity = {{&a, StepMetric::PoolCapital, two ? "LP capital A" : "LP capital", style::kSideA},
                                   {&a, StepMetric::InsuranceFund, two ? "insurance A" : "insurance fund", style::kLayer[2]}};
  if (b) {
    equity.push_back({b, StepMetric::PoolCapital, "LP capital B", style::kSideB, 1.0, true});
    equity.push_back({b, StepMetric::InsuranceFund, "insurance B", style::kLayer[4], 1.0, true});
  }
  lineChart({.title = "pool equity", .unit = "currency", .height = 150.f}, equity);
  bookRiskChart(*s);
  waterfall(a, two ? "waterfall A: who paid the losses" : "waterfall: who paid the losses");
  if (b) waterfall(*b, "waterfall B: who paid the losses");
  lineChart({.title = "fee per unit notional quoted", .unit = "% of notional", .height = 120.f},
            pair(StepMetric::FeeRate, "fee A", "fee B", style::kSideA, 100.0));
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  const float row = 132.f * uiScale();
  ImGui::BeginChild("lpc", ImVec2(half, row), false, ImGuiWindowFlags_NoScrollbar);
  lineChart({.title = "LPs in the pool", .unit = "LPs", .height = 124.f},
            pair(StepMetric::LpCount, "LPs A", "LPs B", style::kSideA));
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("lpq", ImVec2(0, row), false, ImGuiWindowFlags_NoScrollbar);
  lineChart({.title = "withdrawal queue", .unit = "currency", .height = 124.f},
            pair(StepMetric::WithdrawalQueue, "queue A", "queue B", style::kSideA));
  ImGui::EndChild();
  lineChart({.title = "NAV per pool share (marked to model)", .unit = "currency", .height = 120.f, .zeroBased = false},
            pair(StepMetric::Nav, "NAV A", "NAV B", style::kSideA));
  // Pools whose shares trade between LPs: what a share fetched in the
  // step's call auction against what it is worth (side A).
  for (int j = 0; j < static_cast<int>(a.shareMarketPools().size()); ++j) {
    char title[128], dtitle[128];
    char who[32] = "";
    if (a.poolSeriesWidth() > 0 || a.shareMarketPools().size() > 1)
      std::snprintf(who, sizeof who, " (pool %d)", a.shareMarketPools()[static_cast<size_t>(j)]);
    std::snprintf(title, sizeof title, "pool shares%s: auction price vs NAV%s", who, two ? ", side A" : "");
    std::snprintf(dtitle, sizeof dtitle, "discount of the auction price to NAV%s; dots = steps with a trade", who);
    lineChart({.title = title, .unit = "currency per share", .height = 130.f, .zeroBased = false},
              shareVsNavSeries(a, j));
    lineChart({.title = dtitle, .unit = "% of NAV", .height = 110.f}, shareDiscountSeries(a, j));
  }
  lineChart({.title = "price of the underlying; red marks = downward jumps", .unit = "currency", .height = 130.f,
             .zeroBased = false, .jumpsOf = &a},
            {{&a, StepMetric::Price, "price", style::kSideA}});
  std::vector<SeriesRef> eff = {{&a, StepMetric::CapEffSiloed, "siloed", style::kSilo},
                                {&a, StepMetric::CapEffPooled, "pooled", style::kPool}};
  lineChart({.title = "capital efficiency: notional per unit of locked capital", .unit = "x", .height = 130.f}, eff);
  ImGui::EndChild();
}

}  // namespace mutualab::web
