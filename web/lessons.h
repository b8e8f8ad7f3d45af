// Guided lessons for a classroom: short steps of "predict", "run" and
// "notice". A step that names a scenario loads it when the class reaches it,
// so the teacher only clicks Next. Lessons are one table, like the registries.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mutualab::web {

enum class LessonStepKind { Predict, Run, Notice };

struct LessonStep {
  LessonStepKind kind = LessonStepKind::Notice;
  const char* text = "";
  // The scenario this step loads (preset == nullptr: keep the current run).
  const char* preset = nullptr;
  std::vector<std::pair<std::string, std::string>> set = {};  // parameters changed from the preset
  const char* compare = "";  // fee rule for the side-by-side comparison ("" = none)
  const char* look = "";     // which picture to look at (shown as a hint)
};

struct Lesson {
  const char* id;     // used in shared links: #lesson=akerlof-spiral
  const char* title;
  const char* goal;   // one line: what the class will understand
  std::vector<LessonStep> steps;
};

const std::vector<Lesson>& lessons();
const Lesson* findLesson(std::string_view id);
const char* lessonStepKindName(LessonStepKind k);

}  // namespace mutualab::web
