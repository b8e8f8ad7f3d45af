// mutualab-gui: the playground in a native window (GLFW + OpenGL 3), the same
// UI code (web/ui/) the browser build runs. One linear main: options ->
// window -> ImGui -> loop -> (screenshot) -> cleanup.
//
//   mutualab-gui                                   # the start screen (the class, free play, a link)
//   mutualab-gui --link '#preset=lp-run&seed=3'   # a link copied from the playground
//   mutualab-gui --frames 120 --play --screenshot out.png   # a scripted run (tests)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#define GL_SILENCE_DEPRECATION
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "web/ui/app.h"
#include "web/ui/glfw_keys.h"
#include "web/ui/text_scale.h"

namespace {

constexpr const char* kUsage =
    "usage: mutualab-gui [--link FRAGMENT] [--play] [--frames N] [--screenshot FILE.png]\n"
    "                    [--size WIDTHxHEIGHT] [--save-dir DIR] [--view NAME] [--panel NAME] [--text-size X]\n"
    "The mutualab playground in a desktop window: watch adverse selection happen in a shared\n"
    "options pool, compare fee rules on the same random numbers, follow the guided lessons.\n"
    "Without --link, --view, --panel or --play it opens on the start screen.\n"
    "Keys: Space play/pause, Right one step, Up/Down speed, PageDown/PageUp a lesson's next/back.\n"
    "  --link LINK         open a shared link (a browser link, or its part after '#',\n"
    "                      e.g. 'preset=lp-run&seed=3')\n"
    "  --play              start playing at once\n"
    "  --frames N          quit after N frames (for scripts and tests; default: run until closed)\n"
    "  --screenshot FILE   write the last frame as PNG before quitting\n"
    "  --size WxH          window size in pixels (default 1400x900)\n"
    "  --save-dir DIR      where exported files go (default: the current directory)\n"
    "  --view NAME         open on a view: adverse (default), pool, results or pools (a link with\n"
    "                      `pools` opens on pools, one to a preset that admits by VaR on pool)\n"
    "  --panel NAME        open the side panel on: lessons (default), scenario or share\n"
    "  --text-size X       text size: 1 (default), 1.5 or 2, for a projector\n";

constexpr const char* kViews[] = {"adverse", "pool", "results", "pools"};  // App::View::tab
constexpr const char* kPanels[] = {"lessons", "scenario", "share"};

[[noreturn]] void usageError(const std::string& what) {
  std::fprintf(stderr, "error: %s\n%s", what.c_str(), kUsage);
  std::exit(2);
}

struct Options {
  std::string link, screenshot, saveDir = ".";
  bool play = false;
  int view = -1, panel = -1;  // -1: the app chooses (view: adverse, pools for a run with `pools`, pool for a preset admitting by VaR; panel: lessons)
  float textScale = 1.f;
  long frames = -1;
  int width = 1400, height = 900;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usageError(a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      std::exit(0);
    } else if (a == "--link") {
      o.link = value();
    } else if (a == "--play") {
      o.play = true;
    } else if (a == "--frames") {
      const std::string v = value();
      char* end = nullptr;
      o.frames = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || o.frames < 1 || o.frames > 10000000)
        usageError("--frames: expected a whole number from 1 to 10000000, found '" + v + "'");
    } else if (a == "--screenshot") {
      o.screenshot = value();
    } else if (a == "--view" || a == "--panel") {
      const std::string v = value();
      const bool view = a == "--view";
      const char* const* names = view ? kViews : kPanels;
      const int count = view ? 4 : 3;
      int found = -1;
      std::string expected;
      for (int k = 0; k < count; ++k) {
        if (v == names[k]) found = k;
        expected += std::string(k == 0 ? "" : k + 1 == count ? " or " : ", ") + names[k];
      }
      if (found < 0) usageError(a + ": expected " + expected + ", found '" + v + "'");
      (a == "--view" ? o.view : o.panel) = found;
    } else if (a == "--text-size") {
      const std::string v = value();
      if (v == "1") o.textScale = 1.f;
      else if (v == "1.5") o.textScale = 1.5f;
      else if (v == "2") o.textScale = 2.f;
      else usageError("--text-size: expected 1, 1.5 or 2, found '" + v + "'");
    } else if (a == "--save-dir") {
      o.saveDir = value();
    } else if (a == "--size") {
      const std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 640 || o.height < 480 ||
          o.width > 8192 || o.height > 8192)
        usageError("--size: expected WIDTHxHEIGHT between 640x480 and 8192x8192, found '" + v + "'");
    } else {
      usageError("unknown argument '" + a + "'");
    }
  }
  return o;
}

bool writeScreenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), w, h, 4, px.data(), w * 4) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "glfw error %d: %s\n", code, what); });
  if (!glfwInit()) {
    std::fprintf(stderr, "error: cannot open a window (no display? run under xvfb-run for a headless machine)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, "mutualab playground", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "error: cannot create an OpenGL 3.0 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(opt.frames > 0 ? 0 : 1);
  // Before ImGui's backend installs its own, which then calls this one.
  static mutualab::web::App* keysTo = nullptr;
  glfwSetKeyCallback(window, [](GLFWwindow*, int key, int, int action, int mods) {
    if (keysTo) mutualab::web::playgroundKey(*keysTo, key, action, mods);
  });
  // Scripted runs (tests, screenshots): park the pointer in a corner so no tooltip covers the picture.
  if (opt.frames > 0) glfwSetCursorPos(window, opt.width - 2, opt.height - 2);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  mutualab::web::HostServices host;
  host.platform = "native";
  host.shareLink = [](const std::string& f) { return "mutualab-gui --link '" + f + "'"; };
  host.copyText = [window](const std::string& s) { glfwSetClipboardString(window, s.c_str()); };
  mutualab::web::App* appPtr = nullptr;
  host.saveFile = [&](const std::string& name, const std::string&, const std::string& text) {
    const std::string path = opt.saveDir + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (appPtr) appPtr->note(out ? "saved " + path : "error: cannot write " + path);
  };
  mutualab::web::App app(host);
  appPtr = keysTo = &app;
  if (!opt.link.empty()) app.openFragment(opt.link);  // a whole browser link, or its part after '#'
  if (opt.play) app.setRunning(true);
  if (opt.view >= 0) app.view().tab = opt.view;
  if (opt.panel >= 0) app.view().sideTab = opt.panel;
  // Nothing asked for (as when started without arguments): the start screen, as in the browser.
  if (opt.link.empty() && opt.view < 0 && opt.panel < 0 && !opt.play) app.showStartScreen(true);
  app.view().textScale = opt.textScale;

  auto last = std::chrono::steady_clock::now();
  int w = 0, h = 0;
  for (long frame = 0; !glfwWindowShouldClose(window) && (opt.frames < 0 || frame < opt.frames); ++frame) {
    glfwPollEvents();
    const auto frameStart = std::chrono::steady_clock::now();
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    mutualab::web::applyTextScale(app.view().textScale);  // between frames: may rebuild the font
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app.frame(opt.frames > 0 ? 1.0 / 60.0 : dt);  // scripted runs play at a fixed 60 fps clock
    ImGui::Render();
    const double appMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart).count();
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.11f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
    app.recordFrameTime(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart).count(),
                        appMs);
    if (!opt.screenshot.empty() && opt.frames > 0 && frame + 1 == opt.frames) {
      if (!writeScreenshot(opt.screenshot, w, h)) std::fprintf(stderr, "error: cannot write %s\n", opt.screenshot.c_str());
      else std::printf("screenshot: %s (%dx%d)\n", opt.screenshot.c_str(), w, h);
    }
    glfwSwapBuffers(window);
  }
  std::printf("%s\n", app.stateJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
