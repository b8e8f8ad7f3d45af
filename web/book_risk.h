// The live risk of a running World's pooled book, for the playground's Pool
// view: every few steps the risk engine (core/risk_engine.h, docs/risk.md)
// measures the open pooled book, every pool's together, by full repricing:
// its model value now V(0), and V(0) + VaR and V(0) + ES of the loss to the
// horizon at 99 %. Drawn against LP capital + insurance fund, it shows the
// pool's liability in a 1-in-100 tail against what it has to pay it with.
// With several pools each pool's book is measured alone as well, against
// its own capital. Each measure also runs the risk engine's reverse stress
// (core/reverse_stress.h) on the whole book: how far every price must fall
// over the horizon before what the pool owes exceeds every layer.
//
// Each measure's seed comes from the session's seed and the step alone, so
// both sides of a comparison are measured on the same market samples, and
// the World's own random streams are never touched (the run is unchanged).
#pragma once

#include <cstdint>
#include <vector>

#include "core/world.h"

namespace mutualab::web {

struct BookRiskDef {
  double level = 0.99;  // confidence of VaR and ES
  int horizonDays = 30; // the default tenor: a pool holds its cover to expiry
  int samples = 1000;   // Monte Carlo samples per measure
  int everySteps = 5;   // a measure at steps 1, 1 + this, 1 + 2 x this, ... (a multiple of it on a big book)
};

// What a side's chart measures: the defaults, or, where a pool admits by
// VaR, the level and horizon of its test (the first such pool's), so the
// chart shows the liability the pool's admission compares with its capital.
BookRiskDef bookRiskDefOf(const ScenarioDef& scenario);

class BookRiskTrack {
 public:
  BookRiskTrack(int steps, std::uint64_t seed, BookRiskDef def = {});
  // After each step of `w`: records its capital and, while live, on a
  // measure step, its book's risk.
  void observe(const World& w);
  // Measures only while live (the playground: while the Pool view shows), so
  // a run on another view, or the node tool, never pays for it. Going live
  // measures `w`'s book at once when its step has none yet (a run played to
  // its end on another view shows its last book, not an empty chart).
  void setLive(bool live, const World& w);
  bool live() const { return live_; }
  // A book whose measure would take more than kMaxLiveRepricings is not
  // measured live; this is its size then (0 when it is measured).
  int tooLarge() const { return tooLarge_; }
  static constexpr double kMaxLiveRepricings = 4e6;
  const BookRiskDef& def() const { return def_; }
  // Per step 0..steps (NaN where not measured): V(0) + VaR, V(0) + ES, V(0),
  // and LP capital + insurance fund of every pool (every step), currency.
  const std::vector<double>& liabilityVar() const { return var_; }
  const std::vector<double>& liabilityEs() const { return es_; }
  const std::vector<double>& valueNow() const { return now_; }
  const std::vector<double>& resources() const { return resources_; }
  // Per step: the least fall of every price together over the horizon
  // (a relative move, -0.6 = down 60 %) after which the whole book's value
  // then exceeds every layer that pays it (each pool's own insurance fund
  // and LP capital, then the backstop), volatility held: the reverse
  // stress's "every asset down" whole-book break. -1 where every layer
  // holds to -99 %, NaN where not measured.
  const std::vector<double>& breakingFall() const { return fall_; }
  int lastMeasured() const { return last_; }  // -1 before the first measure
  // With several pools, each pool's book is measured alone too, at the same
  // steps and on the same samples: a pool's capital pays only its own
  // claims, so the whole book against every pool's capital can look covered
  // while one pool's is not. Pool k's liability at step t (NaN where not
  // measured) and its own LP capital + insurance fund (every step), at
  // [k x (steps + 1) + t]; empty with one pool. The liability is V(0) + the
  // measure its own admission test uses at the latest measure: VaR for a
  // pool that admits by VaR with measure "var", ES otherwise (poolByVar).
  const std::vector<double>& poolLiability() const { return poolLiability_; }
  const std::vector<double>& poolResources() const { return poolResources_; }
  bool poolByVar(int k) const { return poolByVar_[static_cast<size_t>(k)] != 0; }
  // Steps between measures now: everySteps, or a multiple of it on a big book.
  int gap() const { return gap_; }

 private:
  BookRiskDef def_;
  std::uint64_t seed_;
  std::vector<double> var_, es_, now_, resources_, fall_;
  std::vector<double> poolLiability_, poolResources_;
  std::vector<char> poolByVar_;
  int last_ = -1;
  int gap_ = 0;
  bool live_ = false;
  int tooLarge_ = 0;
  void measure(const World& w);  // at w's current step, unless its book is too large
};

}  // namespace mutualab::web
