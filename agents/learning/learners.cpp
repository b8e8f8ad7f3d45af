// The table of learners (MODEL.md section 4). Scenarios, `mutualab learners`
// and validate-learners are built from it, so a new learner is one new file
// plus one line here (and its entry in learner_entries.h).
#include <string>

#include "agents/learning/learner.h"
#include "agents/learning/learner_entries.h"
#include "core/errors.h"

namespace mutualab {

const std::vector<LearnerInfo>& learners() {
  static const std::vector<LearnerInfo> table = {
      qLearningLearner(),     exp3Learner(),           hedgeLearner(),
      regretMatchingLearner(), fictitiousPlayLearner(), imitationLearner(),
  };
  return table;
}

std::unique_ptr<Learner> makeLearner(const std::string& name, const nlohmann::json& params, const std::string& path) {
  for (const LearnerInfo& l : learners())
    if (name == l.name) return l.make(params, path + "/params");
  std::string valid;
  for (const LearnerInfo& l : learners()) valid += (valid.empty() ? "" : ", ") + std::string(l.name);
  throw InputError(path + "/name", "unknown learner '" + name + "'; valid: " + valid);
}

}  // namespace mutualab
