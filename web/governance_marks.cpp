#include "web/governance_marks.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace mutualab::web {

void governanceMarks(const World& w, std::vector<GovernanceMark>& out) {
  out.clear();
  const auto& events = w.governanceEvents();
  for (size_t i = 0; i < events.size(); ++i) {
    const GovernanceEvent& e = events[i];
    if (e.kind == GovernanceEventKind::Queued || e.step > w.currentStep()) continue;
    GovernanceMark m{.step = e.step, .refused = e.kind == GovernanceEventKind::Refused, .why = e.why,
                     .rule = e.rule, .change = e.change};
    // A rule's change was queued when it fired: the latest firing due now.
    if (e.rule >= 0)
      for (size_t j = i; j-- > 0;)
        if (events[j].kind == GovernanceEventKind::Queued && events[j].rule == e.rule && events[j].dueStep == e.step) {
          m.firedStep = events[j].step;
          break;
        }
    out.push_back(m);
  }
}

std::vector<GovernanceMark> governanceMarks(const World& w) {
  std::vector<GovernanceMark> v;
  governanceMarks(w, v);
  return v;
}

namespace {
std::map<const World*, std::vector<int>>& interventionChanges() {
  static std::map<const World*, std::vector<int>> m;
  return m;
}
}  // namespace

void nameInterventions(const World& w, std::vector<int> changes) {
  if (changes.empty()) interventionChanges().erase(&w);
  else interventionChanges()[&w] = std::move(changes);
}

const char* governanceMarkName(const World& w, const GovernanceMark& m, char* buf, std::size_t size) {
  const auto& named = interventionChanges();
  const auto it = m.rule >= 0 || named.empty() ? named.end() : named.find(&w);
  if (it != named.end() && std::find(it->second.begin(), it->second.end(), m.change) != it->second.end())
    std::snprintf(buf, size, "intervention");
  else if (m.rule >= 0)
    std::snprintf(buf, size, "%s", w.scenario().governance.rules[static_cast<size_t>(m.rule)].name.c_str());
  else
    std::snprintf(buf, size, "schedule #%d", m.change + 1);
  return buf;
}

const std::vector<std::string>& governanceMarkSets(const World& w, const GovernanceMark& m) {
  const GovernanceDef& g = w.scenario().governance;
  return m.rule >= 0 ? g.rules[static_cast<size_t>(m.rule)].set : g.schedule[static_cast<size_t>(m.change)].set;
}

}  // namespace mutualab::web
