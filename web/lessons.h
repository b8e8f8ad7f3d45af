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

// A chart of the Pool view or of the Adverse selection view, each view's in
// its usual order. At a projector's 1280x720 a view shows only its first few
// charts without scrolling (the Pool view two or three; the Adverse selection
// view, comparing at 1.5x text, its two strips of writers and the decile
// chart), so a step names the charts its text is about (LessonStep::charts)
// and its view draws those first while the step is open.
enum class LessonChart {
  // The Pool view's.
  Equity, BookAtRisk, Waterfall, Fee, Lps, Nav, Shares, Price, CapitalEfficiency,
  // The Adverse selection view's: writers by theta (one strip a side), participation by decile, ASI, latest choice.
  Writers, Deciles, Asi, Choices
};
inline constexpr int kLessonChartCount = 13;
// Where its view records the chart's place ("pool:lps", "adverse:asi"; App stateJson "ui").
const char* lessonChartName(LessonChart c);
// The view a chart is on: LessonView::Pool or LessonView::Adverse.
LessonView lessonChartView(LessonChart c);
// `view`'s charts in the order to draw them: those of `first` on it, then the rest in their usual order.
std::vector<LessonChart> lessonChartOrder(LessonView view, const std::vector<LessonChart>& first);

struct LessonStep {
  LessonStepKind kind = LessonStepKind::Notice;
  const char* text = "";
  // The scenario this step loads (preset == nullptr: keep the current run).
  const char* preset = nullptr;
  std::vector<std::pair<std::string, std::string>> set = {};  // parameters changed from the preset
  const char* compare = "";  // fee rule for the side-by-side comparison ("" = none)
  const char* look = "";     // which picture to look at, by its title on screen (shown as a hint)
  LessonView view = LessonView::Adverse;  // the main view that shows it
  std::vector<LessonChart> charts = {};   // its view's charts it is about, drawn first (views Pool and Adverse)
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
