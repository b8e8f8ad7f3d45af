// What the charts mark on their step axis: every step at whose start a
// governance change took effect or was refused (scheduled or by a rule), read
// from the World's own record (World::governanceEvents()), with the name and
// assignments a label or tooltip shows. No UI here, so the tests check the very
// marks the charts draw.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/world.h"

namespace mutualab::web {

struct GovernanceMark {
  int step = 0;          // the change took effect (or was refused) at the start of this step
  bool refused = false;  // refused whole (refusalText(why) says why)
  GovernanceRefusal why = GovernanceRefusal::None;
  int rule = -1;         // the rule's index; -1 = scheduled change `change`
  int change = 0;        // the scheduled change's index (rule = -1)
  int firedStep = -1;    // a rule's change: the step at whose end its condition held (-1: scheduled)
};

// The marks up to w.currentStep(), in order, into `out` (cleared first; it
// keeps its capacity, so a chart drawing every frame does not allocate).
void governanceMarks(const World& w, std::vector<GovernanceMark>& out);
std::vector<GovernanceMark> governanceMarks(const World& w);

// "circuit-breaker" (the rule's name), "intervention" (a change made in the
// playground, see nameInterventions) or "schedule #1" (1-based), into buf.
const char* governanceMarkName(const World& w, const GovernanceMark& m, char* buf, std::size_t size);
// What the change sets, as given in the scenario ("pool/exitFee=0.05", ...).
const std::vector<std::string>& governanceMarkSets(const World& w, const GovernanceMark& m);

// The scheduled changes of `w` that are interventions (indices into its
// scenario's governance.schedule), so their marks say so; Session keeps this
// current for its Worlds and forgets them when it ends (an empty list).
void nameInterventions(const World& w, std::vector<int> changes);

}  // namespace mutualab::web
