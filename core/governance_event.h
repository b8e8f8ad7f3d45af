// What governance did in one replication, in order: a record per scheduled
// change or rule change that was due, and per rule firing. Plain data, so the
// step loop only appends (rarely) and the runner writes events.csv and
// summary.json from it.
#pragma once

#include <cstdint>

namespace mutualab {

// Why a change is refused when it is due: the terms it would give, together
// with what earlier changes (scheduled or by rule) made them, break a rule
// that involves several fields. Every single value was checked at load.
enum class GovernanceRefusal : std::uint8_t {
  None,
  FeeSharesAboveOne,  // a pool's insuranceFeeShare + backstop.feeShare > 1
};

enum class GovernanceEventKind : std::uint8_t {
  Applied,  // a change took effect at the start of `step`
  Queued,   // a rule's condition held at the end of `step`; its change is due at `dueStep`
  Refused,  // a change was due at the start of `step` and was refused whole (`why`)
};

struct GovernanceEvent {
  int step = 0;
  GovernanceEventKind kind = GovernanceEventKind::Applied;
  int rule = -1;     // the rule's index; -1 = a scheduled change
  int change = 0;    // the scheduled change's index (rule = -1)
  int dueStep = 0;   // Queued: the step at whose start the change applies
  GovernanceRefusal why = GovernanceRefusal::None;
  int whyPool = 0;   // Refused: the pool whose terms it would break
};

}  // namespace mutualab
