// Interventions: a change made in the playground while a run is under way,
// applied as a governance change (core/governance.h) at the start of the next
// step instead of restarting the run. An intervention is exactly a scheduled
// change of the scenario, {"step": s, "set": ["PATH=VALUE"]}, so a link that
// carries it (at/s/PATH=VALUE) replays the live run bit for bit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mutualab::web {

struct Intervention {
  int step = 1;       // applied at the start of this step (1..sim.steps)
  std::string path;   // a governable playground path (appliesNow)
  std::string value;  // as in a link or --set
  bool operator==(const Intervention&) const = default;
};

// Whether changing `path` while a run is under way applies now, as a
// governance change, rather than restarting the run: the fee rule (its name
// and params, a menu contract's too) and the pool terms governance may change
// (pool/... without `pools`), and backstop/feeShare (with `pools`).
bool appliesNow(std::string_view path, bool pools);
// A link may carry an intervention on this path (appliesNow for some scenario).
bool governablePath(std::string_view path);
// Side B of a comparison gets the interventions on pool terms, at the same
// steps; a fee rule's change is side A's (B's rule is the one compared).
bool appliesToSideB(std::string_view path);

// `scenario` with each intervention as a `governance.schedule` entry, in
// list order, each placed after every entry at or before its step.
// `positions`, when given, receives the interventions' indices in that
// schedule (ascending).
nlohmann::json withInterventions(nlohmann::json scenario, const std::vector<Intervention>& list,
                                 std::vector<int>* positions = nullptr);

// The terms the sliders show: `scenario` (resolved, without interventions)
// after every intervention in `list`, as governance applies them (a renamed
// fee rule starts from its defaults). `scenario` itself when any is refused.
nlohmann::json termsAfter(const nlohmann::json& scenario, const std::vector<Intervention>& list);

// The link key of an intervention's path at a step ("at/120/pool/exitFee"),
// and back: false when `key` is not at/STEP/PATH.
constexpr std::string_view kInterventionPrefix = "at/";
std::string interventionKey(int step, const std::string& path);
bool isInterventionKey(std::string_view key);

}  // namespace mutualab::web
