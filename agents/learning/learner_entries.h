// One registry entry per learner file; agents/learning/learners.cpp lists
// them in the learners() table. To add a learner, copy hedge.cpp (the
// smallest full-information learner) or exp3.cpp (bandit feedback), then
// add its entry here and one line to the table.
#pragma once

#include "agents/learning/learner.h"

namespace mutualab {

LearnerInfo qLearningLearner();
LearnerInfo exp3Learner();
LearnerInfo hedgeLearner();
LearnerInfo regretMatchingLearner();
LearnerInfo fictitiousPlayLearner();
LearnerInfo imitationLearner();

}  // namespace mutualab
