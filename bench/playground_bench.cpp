// The playground's frame without a window or GPU: App::frame plus
// ImGui::Render into draw lists, while a run plays at the default 30 steps a
// second on a 60 Hz display (a step every other frame), per main view. What
// it measures is the simulation and UI share of a frame; the browser test
// reports the same share in headless Chromium (issue 15's target: 10,000
// writers under 8 ms a frame). Counters: ms a frame, and the vertices the
// view drew (what a GPU, or the software rasterizer, then has to fill).
#include <benchmark/benchmark.h>

#include <string>

#include <imgui.h>

#include "web/ui/app.h"

using namespace mutualab::web;

namespace {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 720);  // a projector
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
};

// args: writers, view (0 adverse selection, 1 pool, 2 results file), comparison (0 off, 1 risk-based)
void BM_PlaygroundFrame(benchmark::State& state) {
  HeadlessImGui gui;
  const int writers = static_cast<int>(state.range(0));
  std::string link = "writers/count=" + std::to_string(writers) + "&lps/count=" + std::to_string(writers / 5);
  if (state.range(2)) link += "&compare=risk-based";
  App app(HostServices{});
  app.openFragment(link);
  const double dt = 1.0 / 60.0;
  auto frame = [&] {
    ImGui::GetIO().DeltaTime = static_cast<float>(dt);
    ImGui::NewFrame();
    app.frame(dt);
    ImGui::Render();
  };
  app.view().tab = static_cast<int>(state.range(1));
  frame();
  frame();  // the tab is in front from the second frame
  app.step(60);  // a run under way: writers have chosen
  app.setRunning(true);
  long vertices = 0, frames = 0;
  for (auto _ : state) {
    if (!app.running()) {  // at the horizon: start over, outside the clock
      state.PauseTiming();
      app.reset();
      app.step(60);
      app.setRunning(true);
      state.ResumeTiming();
    }
    frame();
    vertices += ImGui::GetDrawData()->TotalVtxCount;
    ++frames;
  }
  state.counters["ms_per_frame"] =
      benchmark::Counter(static_cast<double>(frames) * 1e-3, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["vertices"] = static_cast<double>(vertices) / static_cast<double>(frames ? frames : 1);
}

}  // namespace

BENCHMARK(BM_PlaygroundFrame)
    ->ArgNames({"writers", "view", "compare"})
    ->Args({200, 0, 0})
    ->Args({10000, 0, 0})
    ->Args({10000, 1, 0})
    ->Args({10000, 2, 0})
    ->Args({10000, 0, 1})
    ->Args({10000, 1, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

#include "bench/bench_main.h"
