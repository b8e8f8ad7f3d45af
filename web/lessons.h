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

// The main view a step is about, brought to the front when the class reaches
// it (App::View::tab: the same numbers).
enum class LessonView { Adverse = 0, Pool = 1, Results = 2, Pools = 3 };

// A chart of the Pool view, in its usual order. At a projector's 1280x720
// the view shows only its first two or three charts without scrolling, so a
// step names the charts its text is about (LessonStep::charts) and the view
// draws those first while the step is open.
enum class PoolChart { Equity, BookAtRisk, Waterfall, Fee, Lps, Nav, Shares, Price, CapitalEfficiency };
inline constexpr int kPoolChartCount = 9;
// Its name where the Pool view records the chart's place ("pool:lps"; App stateJson "ui").
const char* poolChartName(PoolChart c);
// The Pool view's charts in the order to draw them: `first`, then the rest in their usual order.
std::vector<PoolChart> poolChartOrder(const std::vector<PoolChart>& first);

struct LessonStep {
  LessonStepKind kind = LessonStepKind::Notice;
  const char* text = "";
  // The scenario this step loads (preset == nullptr: keep the current run).
  const char* preset = nullptr;
  std::vector<std::pair<std::string, std::string>> set = {};  // parameters changed from the preset
  const char* compare = "";  // fee rule for the side-by-side comparison ("" = none)
  const char* look = "";     // which picture to look at, by its title on screen (shown as a hint)
  LessonView view = LessonView::Adverse;  // the main view that shows it
  std::vector<PoolChart> charts = {};     // the Pool view's charts it is about, drawn first (view Pool)
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
// The step whose scenario is in force at step k: the nearest at or before k
// that names one (nullptr: none does, the run is kept).
const LessonStep* lessonScenarioStep(const Lesson& l, int k);

}  // namespace mutualab::web
