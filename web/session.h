// A live run for the playground: the scenario's World ("A") and, when
// comparing, a second World ("B") that differs only in its fee rule. Both are
// replication 0 of the same seed, so they see the same market path, buyers
// and agent draws (common random numbers): any difference is the fee rule's.
// No ImGui here, so the node tool, the browser hooks and the Catch2 tests use
// exactly the code the playground draws from.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/world.h"
#include "experiments/load_scenario.h"
#include "experiments/runner.h"
#include "web/book_risk.h"
#include "web/interventions.h"

namespace mutualab::web {

struct SessionSpec {
  nlohmann::json scenario;            // a full or partial scenario (validated by Session)
  std::uint64_t seed = 1;             // master seed (replication 0 of it is played)
  std::string compareFeeRule;         // "" = no comparison; else side B's fee rule name (its default params)
  // Governance changes at later steps (web/interventions.h), in the order
  // made: side A gets all, side B those on pool terms (appliesToSideB).
  std::vector<Intervention> interventions = {};
};

class Session {
 public:
  // Throws InputError (with the JSON path) when the scenario is invalid.
  explicit Session(const SessionSpec& spec);
  ~Session();
  Session(Session&&) = default;

  void step(int n = 1);  // advances every side n steps (stops at the horizon)

  // Changes `path` to `value` as a governance change at the start of the next
  // step (an intervention: the run goes on from here), on side A, and on side
  // B too for a pool term. Validated as a scheduled change of the scenario
  // is. Returns "" when it is scheduled, else why it is refused (then nothing
  // changed). The same path changed again before that step replaces it.
  std::string intervene(const std::string& path, const std::string& value);
  const std::vector<Intervention>& interventions() const { return spec_.interventions; }
  bool done() const { return sides_.front().world->done(); }
  int currentStep() const { return sides_.front().world->currentStep(); }
  int steps() const { return sides_.front().world->steps(); }
  int sideCount() const { return static_cast<int>(sides_.size()); }
  const World& world(int side) const { return *sides_[static_cast<size_t>(side)].world; }
  const LoadedScenario& scenario(int side) const { return sides_[static_cast<size_t>(side)].scenario; }
  // The live VaR and ES of side `side`'s pooled book (web/book_risk.h).
  const BookRiskTrack& bookRisk(int side) const { return sides_[static_cast<size_t>(side)].risk; }
  // Whether the steps to come measure it (off until set: the Pool view turns
  // it on while it shows; turned on, it measures the current book at once).
  void setBookRiskLive(bool live) {
    for (Side& s : sides_) s.risk.setLive(live, *s.world);
  }

  // What has run so far as a one-replication result (rows 0..currentStep).
  RunResult result(int side) const;
  // The same files `mutualab run --reps 1` writes, for what has run so far.
  nlohmann::json summaryJson(int side) const;
  std::string timeseriesCsv(int side) const;
  std::string agentsCsv(int side) const;

 private:
  struct Side {
    LoadedScenario scenario;
    std::unique_ptr<World> world;
    BookRiskTrack risk;  // its pooled book's VaR and ES as it runs
  };
  // Side `side`'s scenario with `list`'s interventions (B: those on pool terms).
  // `positions`: the interventions' indices in its governance.schedule.
  nlohmann::json scenarioWith(int side, const std::vector<Intervention>& list, std::vector<int>* positions) const;

  SessionSpec spec_;
  nlohmann::json baseA_;  // side A's resolved scenario without interventions (side B's starts from it)
  std::vector<Side> sides_;
};

// Side B's scenario: A's with the fee rule replaced (at its default params).
nlohmann::json withFeeRule(const nlohmann::json& scenario, const std::string& rule);

}  // namespace mutualab::web
