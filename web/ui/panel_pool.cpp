// The pool: its capital and insurance fund, who paid the losses (the
// waterfall, layer by layer), the fee, the LPs and their withdrawal queue,
// the price path with its jumps, and capital efficiency, silo vs pool.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <string>

#include <imgui.h>

#include "core/format_number.h"
#include "web/lessons.h"
#include "web/number_format.h"
#include "web/risk_words.h"
#include "web/ui/app.h"
#include "web/ui/chart.h"
#include "web/side_names.h"
#include "web/ui/style.h"

namespace mutualab::web {

namespace {

// Side B's waterfall (`dashed`) keeps the layers' colours, dashed like every B line.
void waterfall(const World& w, const char* title, bool dashed) {
  static const StepMetric layers[6] = {StepMetric::LossCollateral, StepMetric::LossRetained,
                                       StepMetric::LossInsurance,  StepMetric::LossLp,
                                       StepMetric::LossBackstop,   StepMetric::Unpaid};
  static const char* names[6] = {"collateral", "retained", "insurance", "LP capital", "backstop", "unpaid"};
  std::vector<SeriesRef> s;
  for (int i = 0; i < 6; ++i) s.push_back({&w, layers[i], names[i], style::kLayer[i], 1.0, dashed});
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
  else {
    // How often this chart measures: its own period, and the longer one a
    // big book gets said beside it, so the title never seems to contradict
    // itself as the book grows ("every 5 steps" early, "every 10" later).
    // "for this chart": a pool that admits by VaR re-measures its book on its
    // own period (the Scenario tab's Admission), which is another thing.
    char every[80];
    if (r.gap() > d.everySteps)
      std::snprintf(every, sizeof every, "every %d steps, %d on a book this size", d.everySteps, r.gap());
    else
      std::snprintf(every, sizeof every, "every %d steps", d.everySteps);
    std::snprintf(title, sizeof title,
                  "book at risk%s: pooled cover's value now, and in a 1-in-%d tail %d days ahead (measured for this "
                  "chart %s)",
                  a.poolCount() > 1 ? " (all pools)" : "", tail, d.horizonDays, every);
  }
  const std::string pct = levelPercent(d.level);
  const std::string es = "V(0) + ES " + pct + "%", var = "V(0) + VaR " + pct + "%";
  // Side A's four lines, and side B's ES in the same colour, dashed.
  // Every line names its side when comparing (only side A's VaR and V(0) are drawn).
  // "fund": the insurance fund (short, so a legend item with its side's name fits a chart at text 2x).
  const std::string resources = sideQuantity(s, 0, "LP capital + fund"), esA = sideQuantity(s, 0, es.c_str()),
                    esB = two ? sideQuantity(s, 1, es.c_str()) : std::string(), varA = sideQuantity(s, 0, var.c_str()),
                    nowA = sideQuantity(s, 0, "V(0), value now"),
                    resourcesB = two ? sideQuantity(s, 1, "LP capital + fund") : std::string();
  std::vector<SeriesRef> v = {
      {.world = &a, .label = resources.c_str(), .color = style::kPool, .values = &r.resources()},
      {.world = &a, .label = esA.c_str(), .color = style::kLayer[5], .dots = true, .values = &r.liabilityEs()},
      {.world = &a, .label = varA.c_str(), .color = style::okabe_ito::kYellow, .dots = true, .values = &r.liabilityVar()},
      {.world = &a, .label = nowA.c_str(), .color = style::kLayer[0], .dots = true, .values = &r.valueNow()},
  };
  // Side B's ES against its own capital, both dashed (its capital differs from A's).
  if (two) {
    v.push_back({.world = &s.world(1), .label = resourcesB.c_str(), .color = style::kPool, .dashed = true,
                 .values = &s.bookRisk(1).resources()});
    v.push_back({.world = &s.world(1), .label = esB.c_str(), .color = style::kLayer[5], .dashed = true, .dots = true,
                 .values = &s.bookRisk(1).liabilityEs()});
  }
  lineChart({.title = title, .unit = "currency", .height = 150.f}, v);
  // The latest measure in words, readable from the back of a room without hovering.
  for (int side = 0; side < s.sideCount(); ++side) {
    const BookRiskTrack& t = s.bookRisk(side);
    const int k = t.lastMeasured();
    if (t.tooLarge() > 0) continue;
    if (k < 0) {
      if (side == 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("not measured yet: measured at the next step while this view shows, then every %d steps "
                           "(steps 1, %d, %d, ...)",
                           t.gap(), 1 + t.gap(), 1 + 2 * t.gap());
        ImGui::PopStyleColor();
      }
      continue;
    }
    const auto at = [k](const std::vector<double>& x) { return x[static_cast<size_t>(k)]; };
    const double now = at(t.valueNow());
    // A pool that admits by VaR: how many quotes its own test has declined so far.
    const World& w = s.world(side);
    std::string declined;
    if (!w.admissionPools().empty()) {
      double n = 0;
      int byEs = 0, byVar = 0;  // the measure each such pool's test uses now
      for (int step = 0; step <= w.currentStep(); ++step)
        for (int j = 0; j < static_cast<int>(w.admissionPools().size()); ++j)
          if (const double x = w.admissionMetric(step, j, AdmissionStepMetric::Declined); !std::isnan(x)) n += x;
      for (int p : w.admissionPools())
        if (w.pool(p).def.admission.byRisk()) ++(w.pool(p).def.admission.measure == "es" ? byEs : byVar);
      const char* by = byVar == 0 ? "ES" : byEs == 0 ? "VaR" : "VaR or ES";
      declined = std::string("; admission by ") + by + " has declined " + compactNumber(n) + " quotes";
    }
    // The reverse stress: how far every price must fall before the layers run out.
    char fall[160] = "";
    if (const double f = at(t.breakingFall()); f == 0.0)
      std::snprintf(fall, sizeof fall, "; the layers do not cover the book's value now");
    else if (f < 0.0 && f > -0.995)
      std::snprintf(fall, sizeof fall, "; the layers run out if every price falls %.0f%% within %d days", -100.0 * f,
                    t.def().horizonDays);
    else if (f <= -0.995)
      std::snprintf(fall, sizeof fall, "; the layers hold even if every price falls 99%% within %d days", t.def().horizonDays);
    // Wrapped between words, never inside a number: at a large text size it must not run off the window.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    char line[768];
    std::snprintf(line, sizeof line, "%slatest measure, step %d: V(0) %s, VaR %s%% %s, ES %s%% %s; LP capital + insurance fund %s%s%s",
                  two ? (sideLabel(s, side) + ": ").c_str() : "", k, compactNumber(now).c_str(),
                  pct.c_str(), compactNumber(at(t.liabilityVar()) - now).c_str(),
                  pct.c_str(), compactNumber(at(t.liabilityEs()) - now).c_str(),
                  compactNumber(at(t.resources())).c_str(), fall, declined.c_str());
    flowText(line);
    // A negative VaR or ES is right, and reads as a mistake without a word:
    // the loss is V(H) - V(0), so below 0 the cover is worth less at the
    // horizon than now (docs/risk.md §3), most often because the pool's
    // volatility mark, raised by a crash, falls back on the simulated paths.
    if (const std::string why = negativeRiskNote(at(t.liabilityVar()) - now, at(t.liabilityEs()) - now, d.level,
                                                 d.horizonDays);
        !why.empty())
      flowText(why);
    ImGui::PopStyleColor();
    // Several pools: each against its own capital, the most stretched first
    // (a pool's capital pays only its own claims, so the summed lines above
    // can look covered while one pool is not).
    const std::vector<double>& poolLiab = t.poolLiability();
    if (poolLiab.empty()) continue;
    const size_t n = t.resources().size(), K = static_cast<size_t>(k);
    std::vector<std::pair<double, int>> order;  // (liability / capital, pool)
    int byVar = 0;
    for (int p = 0; p < w.poolCount(); ++p) {
      byVar += t.poolByVar(p);
      const double liab = poolLiab[static_cast<size_t>(p) * n + K], cap = t.poolResources()[static_cast<size_t>(p) * n + K];
      if (std::isnan(liab) || liab <= 0) continue;
      order.push_back({cap > 0 ? liab / cap : INFINITY, p});
    }
    // Each pool by its own admission's measure; named per pool only when they differ.
    const bool mixed = byVar > 0 && byVar < w.poolCount();
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string each;
    constexpr size_t kShown = 6;
    for (size_t i = 0; i < order.size() && i < kShown; ++i) {
      const int p = order[i].second;
      const double liab = poolLiab[static_cast<size_t>(p) * n + K], cap = t.poolResources()[static_cast<size_t>(p) * n + K];
      each += (each.empty() ? "" : ", ") + w.scenario().pools[static_cast<size_t>(p)].name +
              (mixed ? (t.poolByVar(p) ? " (VaR)" : " (ES)") : "") + " " + compactNumber(liab) + " / " +
              compactNumber(cap) + (liab > cap ? " (over)" : "");
    }
    if (order.size() > kShown) each += ", and " + std::to_string(order.size() - kShown) + " more";
    if (each.empty()) each = "no pool holds open positions";
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    const std::string head = (two ? sideLabel(s, side) + ": " : std::string()) + "each pool's V(0) + " +
                             (mixed ? "VaR or ES (its admission's measure)" : byVar > 0 ? "VaR" : "ES") + " " +
                             pct +
                             "% against its own LP capital + insurance fund: ";
    flowText(head + each);
    ImGui::PopStyleColor();
  }
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
  // Legend names: "A: flat" / "B: risk-based" when comparing, else the quantity's own.
  const std::string nameA = sideLabel(*s, 0), nameB = two ? sideLabel(*s, 1) : std::string();
  ImGui::BeginChild("poolv", ImVec2(0, 0), false);
  // One quantity per side: A white, B orange and dashed.
  auto pair = [&](StepMetric m, const char* single, double scale = 1.0) {
    std::vector<SeriesRef> v = {{&a, m, two ? nameA.c_str() : single, style::kSideA, scale}};
    if (b) v.push_back({b, m, nameB.c_str(), style::kSideB, scale, true});
    return v;
  };
  // Several quantities per side: each keeps its colour, side B dashed.
  const std::string capA = sideQuantity(*s, 0, "LP capital"), fundA = sideQuantity(*s, 0, "insurance fund");
  const std::string capB = two ? sideQuantity(*s, 1, "LP capital") : "", fundB = two ? sideQuantity(*s, 1, "insurance fund") : "";
  auto equity = [&] {
    std::vector<SeriesRef> v = {{&a, StepMetric::PoolCapital, capA.c_str(), style::kLayer[3]},
                                {&a, StepMetric::InsuranceFund, fundA.c_str(), style::kLayer[2]}};
    if (b) {
      v.push_back({b, StepMetric::PoolCapital, capB.c_str(), style::kLayer[3], 1.0, true});
      v.push_back({b, StepMetric::InsuranceFund, fundB.c_str(), style::kLayer[2], 1.0, true});
    }
    lineChart({.title = "pool equity", .unit = kCurrencyUnit, .height = 150.f}, v);
  };
  auto waterfalls = [&] {
    const std::string wfA = "waterfall" + (two ? " (" + nameA + ")" : std::string()) + ": who paid the losses";
    waterfall(a, wfA.c_str(), false);
    if (b) {
      const std::string wfB = "waterfall (" + nameB + ", dashed): who paid the losses";
      waterfall(*b, wfB.c_str(), true);
    }
  };
  auto lps = [&] {
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const ChartOptions count{.title = "LPs in the pool", .unit = "LPs", .height = 124.f};
    const ChartOptions queue{.title = "withdrawal queue", .unit = kCurrencyUnit, .height = 124.f};
    const std::vector<SeriesRef> countSeries = pair(StepMetric::LpCount, "LPs"),
                                 queueSeries = pair(StepMetric::WithdrawalQueue, "queue");
    // As tall as the taller chart with its title and legend: at large text a
    // half-width title wraps, and a fixed row cut the plot's bottom off.
    const float row = std::max({132.f * uiScale(), lineChartHeight(count, countSeries, half) + 8.f * uiScale(),
                                lineChartHeight(queue, queueSeries, half) + 8.f * uiScale()});
    ImGui::BeginChild("lpc", ImVec2(half, row), false, ImGuiWindowFlags_NoScrollbar);
    lineChart(count, countSeries);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("lpq", ImVec2(0, row), false, ImGuiWindowFlags_NoScrollbar);
    lineChart(queue, queueSeries);
    ImGui::EndChild();
  };
  // Pools whose shares trade between LPs: what a share fetched in the
  // step's call auction against what it is worth; side B dashed.
  auto shares = [&] {
    std::deque<std::string> names;  // the legend's text; a deque, so earlier c_str()s stay valid
    for (int j = 0; j < static_cast<int>(a.shareMarketPools().size()); ++j) {
      char title[128], dtitle[128];
      char who[32] = "";
      if (a.poolSeriesWidth() > 0 || a.shareMarketPools().size() > 1)
        std::snprintf(who, sizeof who, " (pool %d)", a.shareMarketPools()[static_cast<size_t>(j)]);
      std::snprintf(title, sizeof title, "pool shares%s: auction price vs NAV", who);
      std::snprintf(dtitle, sizeof dtitle, "discount of the auction price to NAV%s; dots = steps with a trade", who);
      std::vector<SeriesRef> price = shareVsNavSeries(a, j), disc = shareDiscountSeries(a, j);
      const bool both = b && j < static_cast<int>(b->shareMarketPools().size());
      if (both) {
        const size_t first = names.size(), n = price.size();  // NAV per share, auction price
        for (const SeriesRef& r : price) names.push_back(sideQuantity(*s, 0, r.label));
        for (const SeriesRef& r : price) names.push_back(sideQuantity(*s, 1, r.label));
        for (size_t i = 0; i < n; ++i) price[i].label = names[first + i].c_str();
        for (SeriesRef r : shareVsNavSeries(*b, j)) {
          r.label = names[first + n + (r.market >= 0 ? 1 : 0)].c_str();
          r.dashed = true;
          price.push_back(r);
        }
        disc.front().label = nameA.c_str();
        SeriesRef r = shareDiscountSeries(*b, j).front();
        r.label = nameB.c_str();
        r.dashed = true;
        disc.push_back(r);
      }
      lineChart({.title = title, .unit = "currency per share", .height = 130.f, .zeroBased = false}, price);
      lineChart({.title = dtitle, .unit = "% of NAV", .height = 110.f}, disc);
    }
  };
  auto efficiency = [&] {
    const std::string siloedA = sideQuantity(*s, 0, "siloed"), pooledA = sideQuantity(*s, 0, "pooled");
    const std::string siloedB = two ? sideQuantity(*s, 1, "siloed") : "", pooledB = two ? sideQuantity(*s, 1, "pooled") : "";
    std::vector<SeriesRef> eff = {{&a, StepMetric::CapEffSiloed, siloedA.c_str(), style::kSilo},
                                  {&a, StepMetric::CapEffPooled, pooledA.c_str(), style::kPool}};
    if (b) {
      eff.push_back({b, StepMetric::CapEffSiloed, siloedB.c_str(), style::kSilo, 1.0, true});
      eff.push_back({b, StepMetric::CapEffPooled, pooledB.c_str(), style::kPool, 1.0, true});
    }
    lineChart({.title = "capital efficiency: notional per unit of locked capital", .unit = "x", .height = 130.f}, eff);
  };
  for (LessonChart c : lessonChartOrder(LessonView::Pool, app.lessonChartsFirst())) {
    const ImVec2 from = ImGui::GetCursorScreenPos();
    switch (c) {
      case LessonChart::Equity: equity(); break;
      case LessonChart::BookAtRisk: bookRiskChart(*s); break;
      case LessonChart::Waterfall: waterfalls(); break;
      case LessonChart::Fee:
        lineChart({.title = "fee per unit notional quoted", .unit = "% of notional", .height = 120.f},
                  pair(StepMetric::FeeRate, "fee", 100.0));
        break;
      case LessonChart::Lps: lps(); break;
      case LessonChart::Nav:
        lineChart({.title = "NAV per pool share (marked to model)", .unit = kCurrencyUnit, .height = 120.f, .zeroBased = false},
                  pair(StepMetric::Nav, "NAV"));
        break;
      case LessonChart::Shares: shares(); break;
      case LessonChart::Price:
        lineChart({.title = "price of the underlying; red marks = downward jumps", .unit = kCurrencyUnit, .height = 130.f,
                   .zeroBased = false, .jumpsOf = &a},
                  {{&a, StepMetric::Price, "price", style::kSideA}});
        break;
      case LessonChart::CapitalEfficiency: efficiency(); break;
      case LessonChart::Writers:
      case LessonChart::Deciles:
      case LessonChart::Asi:
      case LessonChart::Choices: break;  // the Adverse selection view's
    }
    // Where the chart went, for the tests that a lesson step's charts show without scrolling.
    const float to = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    if (to > from.y) recordDrawnRect(lessonChartName(c), from, ImVec2(from.x + ImGui::GetContentRegionAvail().x, to));
  }
  ImGui::EndChild();
}

}  // namespace mutualab::web
