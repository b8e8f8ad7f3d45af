#include "web/lessons.h"

#include <algorithm>

namespace mutualab::web {

const std::vector<Lesson>& lessons() {
  using K = LessonStepKind;
  using V = LessonView;
  using C = LessonChart;
  static const std::vector<Lesson> table = {
      {"capital-efficiency", "1. Siloed vs mutualized capital",
       "Why writers want a pool at all: shared capital backs more notional than each writer's own.",
       {
           {K::Predict,
            "Half the writers lock 100% of each option's maximum loss in their own silo; the other half post 20% and "
            "share a pool funded by LPs. For the same capital locked, how much more notional can the pooled side "
            "write: about the same, twice, or five times?",
            "siloed-vs-mutualized", {}, "", "", V::Pool, {C::CapitalEfficiency}},
           {K::Run,
            "Press Play (or Run to end) and watch the Pool tab's 'capital efficiency' chart, at its top for this "
            "lesson: pooled in bluish green, siloed in sky blue.",
            nullptr, {}, "", "Pool tab: capital efficiency", V::Pool, {C::CapitalEfficiency}},
           {K::Notice,
            "Pooled notional per unit of locked capital sits far above siloed: losses of independent positions "
            "rarely arrive together, so the pool needs only a fraction of the sum of their maximum losses (the "
            "square-root law). This is the gain the rest of the lessons try to keep.",
            nullptr, {}, "", "Pool tab: capital efficiency, bluish green (pooled) above sky blue (siloed)", V::Pool,
            {C::CapitalEfficiency}},
       }},
      {"akerlof-spiral", "2. The Akerlof spiral",
       "A one-price pool attracts the writers it overcharges least: the risky ones.",
       {
           {K::Predict,
            "The pool charges every writer the same fee: the average expected loss of its members. Writers know "
            "their own risk (theta). Which writers will find the pool too expensive first: the safest or the "
            "riskiest? What happens to the fee after they leave?",
            "akerlof-flat-fee", {}, "", "", V::Adverse, {C::Writers}},
           {K::Run,
            "Press Play. Watch the dots of 'writers by theta' take the colour of each writer's choice: bluish green "
            "= pool, sky blue = silo, grey = abstain (the legend above the dots counts each).",
            nullptr, {}, "", "Adverse selection tab: writers by theta", V::Adverse, {C::Writers}},
           {K::Notice,
            "The safe writers (left) turn sky blue: most leave for their silos (a few abstain, grey); the riskiest "
            "(right) stay bluish green. 'Pool participation by theta decile' slopes upward, and the 'adverse selection index' (how much "
            "riskier pool members are than the population, in sd of theta) climbs. Each exit raises the average "
            "loss, and so the fee: the spiral.",
            nullptr, {}, "", "Adverse selection tab: pool participation by theta decile, adverse selection index",
            V::Adverse, {C::Deciles, C::Asi}},
       }},
      {"fee-rules", "3. Risk-based and credibility fees",
       "Pricing what the pool can observe stops the spiral; learning from loss history does too.",
       {
           {K::Predict,
            "Run the same market twice on the same random numbers: A (on top, named in white) with a flat fee, B "
            "(below, named in orange) with a fee set by each position's observable risk (its greeks). Will the safe "
            "writers still leave under B?",
            "akerlof-flat-fee", {}, "risk-based", "", V::Adverse, {C::Writers}},
           {K::Run, "Press Play and compare the two sides.", nullptr, {}, "",
            "Adverse selection tab: writers by theta, A on top, B below", V::Adverse, {C::Writers}},
           {K::Notice,
            "With the risk-based fee, participation stays high in every decile and the ASI stays near 0: a writer "
            "pays for the risk it brings, so the pool is a fair deal for the safe too.",
            nullptr, {}, "", "Adverse selection tab: pool participation by theta decile, A white, B orange",
            V::Adverse, {C::Deciles, C::Asi}},
           {K::Predict,
            "Part of each writer's risk is hidden (an adverse jump the greeks do not show). A credibility fee "
            "blends the pool average with each writer's own loss history (Z = n/(n+k)). Better or worse than "
            "risk-based?",
            "akerlof-flat-fee", {}, "credibility", "", V::Adverse, {C::Asi}},
           {K::Run, "Press Play.", nullptr, {}, "", "Adverse selection tab: adverse selection index", V::Adverse,
            {C::Asi}},
           {K::Notice,
            "Credibility starts like the flat fee, then separates writers as their histories grow: ASI falls back "
            "toward 0. Experience rating learns what the greeks cannot see.",
            nullptr, {}, "", "Adverse selection tab: adverse selection index, B (orange, dashed)", V::Adverse,
            {C::Asi}},
       }},
      {"lp-run", "4. The LP run and exit fees",
       "When some LPs see trouble coming and can leave freely, the rest bear the losses.",
       {
           {K::Predict,
            "Some LPs get an early warning of stress 5 steps ahead and may withdraw at any time for free. Who pays "
            "the losses when the stress arrives?",
            "lp-run", {}, "", "", V::Pool, {C::Lps, C::Nav}},
           {K::Run, "Press Play; watch 'LPs in the pool', 'withdrawal queue' and 'NAV per pool share'.", nullptr, {},
            "", "Pool tab: LPs in the pool, withdrawal queue, NAV per pool share", V::Pool, {C::Lps, C::Nav}},
           {K::Notice,
            "Before each stress episode, warned LPs pull out ('LPs in the pool' dips, the 'withdrawal queue' "
            "spikes); the losses land on those who stayed.",
            nullptr, {}, "", "Pool tab: LPs in the pool, withdrawal queue", V::Pool, {C::Lps, C::Nav}},
           {K::Predict,
            "Now withdrawals pay a 5% exit fee and take 10 steps' notice, longer than the warning. Do the warned "
            "LPs still run?",
            "lp-run-exit-fee", {}, "", "", V::Pool, {C::Lps, C::Nav}},
           {K::Run, "Press Play.", nullptr, {}, "", "Pool tab: LPs in the pool, withdrawal queue", V::Pool,
            {C::Lps, C::Nav}},
           {K::Notice,
            "A notice period longer than the warning means running no longer escapes the losses, and it costs the "
            "fee: the runs stop, and losses are shared by all LPs.",
            nullptr, {}, "", "Pool tab: LPs in the pool", V::Pool, {C::Lps, C::Nav}},
       }},
      {"black-swan", "5. The black swan and the waterfall",
       "Who pays, in which order, when a crash exceeds what the pool holds.",
       {
           {K::Predict,
            "On day 200 every asset crashes 70%. Losses are paid in order: writers' collateral, their retained "
            "share, the insurance fund, LP capital, the backstop, and finally buyers go unpaid. Which layers will "
            "this crash reach?",
            "black-swan", {}, "", "", V::Pool, {C::Waterfall}},
           {K::Run, "Press Run to end.", nullptr, {}, "", "Pool tab: waterfall: who paid the losses", V::Pool,
            {C::Waterfall}},
           {K::Notice,
            "The crash eats through the thin layers at once: look at how far down the waterfall the losses went "
            "(collateral sky blue, retained blue, insurance bluish green, LP capital yellow, backstop orange, "
            "unpaid vermillion), and whether buyers were left unpaid. Try a larger insurance fund share or "
            "collateral ratio (Scenario tab) and run it again.",
            nullptr, {}, "", "Pool tab: waterfall: who paid the losses, each layer's line", V::Pool,
            {C::Waterfall}},
       }},
      {"tiered-pools", "6. Tiered pools and contagion",
       "A backstop shared by several pools pays one pool's buyers with money that came partly from the others.",
       {
           {K::Predict,
            "Three pools, one per asset (ETH, BTC, SOL), on correlated markets. They share a backstop that starts "
            "with 20,000 and receives 10% of every fee of every pool. On day 200 SOL crashes 70%. Will SOL's crash "
            "hurt the LPs of ETH and BTC, whose assets did not crash? Who pays SOL's buyers once SOL's own LP "
            "capital is gone?",
            "tiered-pools", {}, "", "", V::Pools},
           {K::Run, "Press Run to end and watch the Pools tab: blue arrows carry fee shares into the backstop, "
            "orange arrows its payments toward a pool's claims.", nullptr, {}, "",
            "Pools tab: the arrows between the shared backstop and the pools", V::Pools},
           {K::Notice,
            "After day 200 an orange arrow runs from the backstop to SOL: it paid what SOL's insurance fund and LP "
            "capital could not (about 6,600 in this run, and SOL's buyers lost nothing). The table 'Who paid whose "
            "claims' shows whose money it was: mostly the initial capital (about 5,700), but also SOL's own fee "
            "share (about 530), ETH's (about 250) and BTC's (about 140). ETH's and BTC's fees paid SOL's buyers: "
            "that is contagion. Over 16 runs (mutualab run preset:tiered-pools --reps 16) the backstop paid about "
            "6,000 toward SOL's claims on average, about 320 of it from ETH's and BTC's fees.",
            nullptr, {}, "", "Pools tab: the orange arrow to pool sol, 'Who paid whose claims'", V::Pools},
           {K::Predict,
            "Now isolate the pools: no backstop capital and no fee share (backstop capital 0, fee share 0), the "
            "same crash. Who is better off than with the shared backstop: ETH's and BTC's LPs, SOL's buyers?",
            "tiered-pools", {{"backstop/capital", "0"}, {"backstop/feeShare", "0"}}, "", "", V::Pools},
           {K::Run, "Press Run to end and compare the pool boxes with the shared run.", nullptr, {}, "",
            "Pools tab: the pool boxes", V::Pools},
           {K::Notice,
            "Nothing stands behind SOL now: its buyers go unpaid (the vermillion 'unpaid' bar in pool sol's box, "
            "about 3,700 in this run). ETH's and "
            "BTC's LPs keep all their fees and end better off: NAV per share 1.243 against 1.238 (ETH) and 1.149 "
            "against 1.094 (BTC) in this run; over 16 runs 1.29 against 1.24 and 1.19 against 1.11, while SOL's "
            "buyers went short about 6,700 on average against about 110 with the backstop. Most of what the calm "
            "pools gave up is their fee share (ETH about 1,550, BTC about 820 in the shared run), not SOL's claims: "
            "the rest stays in the backstop for the next crash. A shared backstop protects buyers at the calm "
            "pools' LPs' expense.",
            nullptr, {}, "", "Pools tab: the 'unpaid' bar of pool sol, NAV in each box", V::Pools},
       }},
      {"screening-menus", "7. Screening menus",
       "Two contracts at two prices let writers reveal their own risk: the safe stay, and the pool does not "
       "unravel.",
       {
           {K::Predict,
            "The pool now offers a menu of two contracts instead of one price. 'full': the pool pays every loss "
            "beyond a 15% deductible, for 2.3% of notional. 'deductible': the pool pays half of the loss beyond "
            "a 50% deductible, for 0.2%. Each writer knows its own theta and picks what pays it most, or its "
            "silo. Who will take which contract? Will the safe writers leave, as in the Akerlof spiral?",
            "screening-menu", {}, "", "", V::Adverse, {C::Writers}},
           {K::Run,
            "Press Run to end. The pooled dots of 'writers by theta' take the colour of the contract each writer "
            "took (bluish green full, yellow deductible; the legend above them counts each).",
            nullptr, {}, "", "Adverse selection tab: writers by theta", V::Adverse, {C::Writers}},
           {K::Notice,
            "Yellow (deductible) dots cover the safe side and bluish-green (full) ones gather on the risky side: the "
            "takers of full cover have a mean theta of about 0.79, those of the deductible about 0.46 "
            "(mutualab run preset:screening-menu --reps 1 --seed 1). The safest decile stays in the pool (0.83 "
            "in the last quarter, against about 0.06 over 16 runs of lesson 2's single flat price), and the pool pays "
            "out about half what it earns (loss ratio 0.54). Nobody told the pool anyone's theta: the writers "
            "sorted themselves.",
            nullptr, {}, "", "Adverse selection tab: writers by theta, pool participation by theta decile",
            V::Adverse, {C::Writers, C::Deciles}},
           {K::Predict,
            "Now sell full cover as cheaply as the deductible: 0.2% of notional for both. What will the risky "
            "writers do, and the safe ones? What happens to the LPs?",
            "screening-menu", {{"pool/menu/0/feeRule/params/rate", "0.002"}}, "", "", V::Adverse, {C::Writers}},
           {K::Run, "Press Run to end.", nullptr, {}, "", "Adverse selection tab: writers by theta", V::Adverse,
            {C::Writers}},
           {K::Notice,
            "Every writer takes full cover now: it is the better deal for everyone, so the menu no longer "
            "screens anybody (on the Adverse selection tab every pooled dot of 'writers by theta' is bluish "
            "green). The pool's claims are about 3.9 times its fees and the LPs "
            "lose about a quarter of their capital a year. `mutualab menu-check` says why before any run: "
            "full cover loses on every band that takes it while the deductible would serve them without loss "
            "(incentive compatibility violated), and its takers cost more than it charges (break-even "
            "violated).",
            nullptr, {}, "",
            "Pool tab: NAV per pool share, waterfall: who paid the losses; Adverse selection tab: writers by theta",
            V::Pool, {C::Nav, C::Waterfall}},
       }},
      {"governance-responds", "8. Governance responds",
       "A rule that changes the pool's terms when losses mount helps the LPs only if it acts before they run.",
       {
           {K::Predict,
            "A flat-fee pool (loading 0.2) and a crash of 70% on day 120. The pool has a circuit breaker: once its "
            "loss rate exceeds twice its starting level, then after a 3-step timelock, the fee loading rises to "
            "0.8, leaving costs a 5% exit fee and withdrawals are gated to 5% of capital a step. When will it "
            "act: before the crash or after? Will the LPs stay?",
            "governance-responds", {}, "", "", V::Pool, {C::Fee, C::Lps}},
           {K::Run,
            "Press Run to end. A reddish-purple (violet) line on every chart over steps, named 'circuit-breaker', "
            "marks the step the rule's change took effect; hover near it to read what it set.",
            nullptr, {}, "", "Pool tab: the violet mark on 'fee per unit notional quoted' and 'LPs in the pool'",
            V::Pool, {C::Fee, C::Lps}},
           {K::Notice,
            "The violet line is at step 126: the rule's condition held at the end of step 122, three steps after "
            "the crash, and the timelock added three more. The quoted fee jumps there from 3.87% to 6.40% of "
            "notional. But the LPs had gone: all 30 left on day 120, the crash day (the LP count falls from 30 "
            "to 0). LP capital paid about 24,555 of losses, and the LPs lost 19.4% a year (mutualab run "
            "preset:governance-responds --reps 1 --seed 1).",
            nullptr, {}, "", "Pool tab: fee per unit notional quoted, LPs in the pool, waterfall: who paid the losses",
            V::Pool, {C::Fee, C::Lps, C::Waterfall}},
           {K::Predict,
            "Now the same crash with the rule switched off (its condition is 0, so it never fires). How much "
            "more will the LPs lose?",
            "governance-responds", {{"governance/rules/0/when", "0"}}, "", "", V::Pool, {C::Fee, C::Lps}},
           {K::Run, "Press Run to end.", nullptr, {}, "", "Pool tab: fee per unit notional quoted, LPs in the pool",
            V::Pool, {C::Fee, C::Lps}},
           {K::Notice,
            "No violet line, and the fee at step 126 is 4.27% instead of 6.40%. The LPs fare exactly as with the "
            "rule: all 30 leave on day 120 and lose 19.4% a year (LP capital paid about 24,745). In this run the "
            "rule came too late to protect anyone: a loss rate is an average that rises only after the crash, "
            "and the timelock waits. Over 16 runs (mutualab run preset:governance-responds --reps 16) it took "
            "effect before day 120 in 11, and the LPs lost 3.8% a year on average with it against 9.6% without.",
            nullptr, {}, "", "Pool tab: fee per unit notional quoted, LPs in the pool", V::Pool, {C::Fee, C::Lps}},
           {K::Predict,
            "Lower the trigger: the rule fires once the loss rate exceeds 1.5 times its start instead of twice. "
            "When will it act now, and will the LPs still run on day 120?",
            "governance-responds", {{"governance/rules/0/params/trigger", "1.5"}}, "", "", V::Pool,
            {C::Fee, C::Lps}},
           {K::Run, "Press Run to end.", nullptr, {}, "", "Pool tab: the violet mark, LPs in the pool", V::Pool,
            {C::Fee, C::Lps}},
           {K::Notice,
            "The violet line moves to step 44, long before the crash: from then the fee is higher (1.37% of "
            "notional at step 44, against 0.92% the step before) and leaving costs 5% through the gate. On day "
            "120 all 30 LPs are still in; the LP count dips to 16 at step 132 and is back to 30 at the end. LP "
            "capital paid about 3,062 of losses instead of about 24,555, NAV per share ends at 1.313, and the "
            "LPs earn 13.9% a year instead of losing 19.4%. Writers pay for it: the fee averages 9.4% of notional "
            "over the run, against 5.3% with the trigger at 2.",
            nullptr, {}, "", "Pool tab: the violet mark, LPs in the pool, NAV per pool share", V::Pool,
            {C::Fee, C::Lps, C::Nav}},
       }},
      {"var-admission", "9. How much risk can the pool carry?",
       "A pool that takes risk by a ratio of capital to cover can hold a book whose 1-in-100 loss is several "
       "times its capital; admitting by expected shortfall keeps the two close, for less business.",
       {
           {K::Predict,
            "This pool takes a new position while its LP capital and insurance fund are at least 5% of the most it "
            "could have to pay on all its positions (its minimum collateral ratio), in a market with crashes. "
            "Every few steps the risk engine reprices its whole book on 1,000 simulated markets 30 days ahead; "
            "'book at risk' draws the book's value now plus its expected shortfall (ES): what the pool would owe, "
            "on average, in the worst 1 in 100 of those markets. Will that stay within the pool's capital?",
            "var-admission", {{"pool/admission/rule", "ratio"}}, "", "", V::Pool, {C::BookAtRisk}},
           {K::Run,
            "Press Run to end and watch 'book at risk': V(0) + ES 99% (vermillion dots) against LP capital + "
            "insurance fund (bluish green).",
            nullptr, {}, "", "Pool tab: book at risk", V::Pool, {C::BookAtRisk}},
           {K::Notice,
            "In the first weeks the vermillion line climbs far above the green one: at step 41 the book's "
            "1-in-100 liability is 5.4 times the pool's capital (hover it: 338 k against 62.2 k). The ratio counts "
            "every unit of cover alike, however likely the positions are to lose together. The crashes come: from "
            "step 32 the pool owes more on its cover than it holds ('NAV per pool share' falls to 0), and LP capital "
            "pays 38.7 k of losses by step 60 and 124 k over the year (waterfall, yellow).",
            nullptr, {}, "", "Pool tab: book at risk, NAV per pool share, waterfall: who paid the losses", V::Pool,
            {C::BookAtRisk, C::Nav, C::Waterfall}},
           {K::Predict,
            "Now the pool takes a position only while V(0) + ES 99% of its book with that position stays within "
            "its capital (the Scenario tab's Admission section: admits by var). Between two measures each new "
            "position is charged at least as if it stood alone, its own value plus its own ES, which can only "
            "overstate what it adds to the book. Will the vermillion line stay below the green one? What will it "
            "cost?",
            "var-admission", {}, "", "", V::Pool, {C::BookAtRisk}},
           {K::Run, "Press Run to end.", nullptr, {}, "", "Pool tab: book at risk, waterfall: who paid the losses",
            V::Pool, {C::BookAtRisk, C::Waterfall}},
           {K::Notice,
            "The vermillion line now follows the green one: at its worst it is 1.4 times the capital (step 166: "
            "161 k against 114 k), against 5.4. It crosses it only when the market turns: a fall in price and the "
            "stress regime (steps 165 to 169) raise the value of the book the pool already holds, which admission "
            "cannot shed. NAV per pool share stays above 0.80. The cost, in the line under the chart: 'admission by "
            "ES has declined 9.39 k quotes', each a position its writer then kept in its own silo, so the pool "
            "earned less: LP capital + insurance fund ends the year at 257 k against 589 k (hover the last step). "
            "LP capital paid 6.01 k of losses by step 60 and 43.3 k over the year.",
            nullptr, {}, "", "Pool tab: book at risk, NAV per pool share, pool equity", V::Pool,
            {C::BookAtRisk, C::Nav, C::Equity}},
       }},
  };
  return table;
}

const char* lessonChartName(LessonChart c) {
  static const char* names[kLessonChartCount] = {
      "pool:equity",         "pool:book-at-risk", "pool:waterfall",   "pool:fee",       "pool:lps",
      "pool:nav",            "pool:shares",       "pool:price",       "pool:capital-efficiency",
      "adverse:writers",     "adverse:deciles",   "adverse:asi",      "adverse:choices"};
  return names[static_cast<int>(c)];
}

LessonView lessonChartView(LessonChart c) { return c < LessonChart::Writers ? LessonView::Pool : LessonView::Adverse; }

std::vector<LessonChart> lessonChartOrder(LessonView view, const std::vector<LessonChart>& first) {
  std::vector<LessonChart> order;
  for (LessonChart c : first)
    if (lessonChartView(c) == view) order.push_back(c);
  for (int i = 0; i < kLessonChartCount; ++i) {
    const auto c = static_cast<LessonChart>(i);
    if (lessonChartView(c) == view && std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
  }
  return order;
}

const Lesson* findLesson(std::string_view id) {
  for (const auto& l : lessons())
    if (id == l.id) return &l;
  return nullptr;
}

const LessonStep* lessonScenarioStep(const Lesson& l, int k) {
  for (k = std::min(k, static_cast<int>(l.steps.size()) - 1); k >= 0; --k)
    if (l.steps[static_cast<size_t>(k)].preset) return &l.steps[static_cast<size_t>(k)];
  return nullptr;
}

const char* lessonStepKindName(LessonStepKind k) {
  switch (k) {
    case LessonStepKind::Predict: return "Predict";
    case LessonStepKind::Run: return "Run";
    case LessonStepKind::Notice: return "What to notice";
  }
  return "";
}

}  // namespace mutualab::web
