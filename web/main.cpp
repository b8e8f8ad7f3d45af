// The playground in the browser: Emscripten's GLFW on a WebGL2 canvas, the
// same UI code (web/ui/) as mutualab-gui. One linear main: window -> ImGui ->
// App -> emscripten_set_main_loop. The page (shell/index.html) and the
// browser test talk to the App through the mutualab_* functions below.
//
// Crisp on HiDPI screens: the canvas' drawing buffer has the screen's pixels
// (CSS size x devicePixelRatio), ImGui lays out in CSS pixels
// (DisplaySize) and draws at DisplayFramebufferScale, and the font is
// rasterized for the screen's pixels (applyTextScale). Emscripten 3.1.6's
// GLFW knows nothing of devicePixelRatio: its window is the drawing buffer,
// so its mouse positions are in the buffer's pixels and are scaled back here.
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "web/ui/app.h"
#include "web/ui/glfw_keys.h"
#include "web/ui/layout_probe.h"
#include "web/ui/text_scale.h"

// ---- page services (JavaScript side)
EM_JS(void, js_set_fragment, (const char* f), { history.replaceState(null, "", "#" + UTF8ToString(f)); });
EM_JS(char*, js_page_url, (), {
  const s = location.origin + location.pathname;
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(char*, js_fragment, (), {
  const s = location.hash || "";
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_save_file, (const char* name, const char* mime, const char* text), {
  const blob = new Blob([UTF8ToString(text)], {type : UTF8ToString(mime)});
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
EM_JS(void, js_pick_file, (), { document.getElementById("results-file").click(); });
EM_JS(void, js_pick_price_data, (), { document.getElementById("price-file").click(); });
EM_JS(void, js_copy_text, (const char* text), {
  const s = UTF8ToString(text);
  if (navigator.clipboard) navigator.clipboard.writeText(s).catch(() => {});
});
// The canvas' size in CSS pixels, and the screen's pixels per CSS pixel
// (2 on most HiDPI screens; it changes with the browser's zoom).
EM_JS(void, js_canvas_size, (int* w, int* h, double* density), {
  const c = Module.canvas;
  setValue(w, Math.max(320, Math.floor(c.clientWidth)), "i32");
  setValue(h, Math.max(240, Math.floor(c.clientHeight)), "i32");
  setValue(density, Math.min(4, Math.max(0.5, window.devicePixelRatio || 1)), "double");
});
// Sets the drawing buffer's size; GLFW follows through its resize listener.
// (glfwSetWindowSize would ask for fullscreen when the size equals the
// screen's, which a page may not do outside a click.)
EM_JS(void, js_set_buffer_size, (int w, int h), { Browser.setCanvasSize(w, h); });
EM_JS(void, js_fatal, (const char* what), {
  const l = document.getElementById("loading");
  if (l) l.textContent = UTF8ToString(what);
  console.warn(UTF8ToString(what));
});
EM_JS(void, js_first_frame, (), {
  if (!Module.firstFrameMs) {
    Module.firstFrameMs = performance.now();
    const l = document.getElementById("loading");
    if (l) l.remove();
  }
});

namespace {

GLFWwindow* gWindow = nullptr;
mutualab::web::App* gApp = nullptr;
std::string gReturned;  // storage for strings handed to JavaScript
auto gLast = std::chrono::steady_clock::now();

std::string takeJsString(char* p) {
  std::string s(p ? p : "");
  free(p);
  return s;
}

void frame() {
  const double t0 = emscripten_get_now();
  int w = 0, h = 0, fw = 0, fh = 0;
  double density = 1;
  js_canvas_size(&w, &h, &density);
  const int bufferW = static_cast<int>(std::lround(w * density)), bufferH = static_cast<int>(std::lround(h * density));
  glfwGetWindowSize(gWindow, &fw, &fh);
  if (bufferW != fw || bufferH != fh) js_set_buffer_size(bufferW, bufferH);
  glfwGetWindowSize(gWindow, &fw, &fh);
  const auto now = std::chrono::steady_clock::now();
  const double dt = std::chrono::duration<double>(now - gLast).count();
  gLast = now;
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();  // the first one creates the backend's font texture
  // Between frames: may rebuild the font, for the text size or the screen's density.
  mutualab::web::applyTextScale(gApp->view().textScale, static_cast<float>(density));
  ImGui_ImplGlfw_NewFrame();
  // The backend took GLFW's window (the drawing buffer) as the display: lay out in CSS pixels instead.
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 toCss(static_cast<float>(w) / static_cast<float>(fw), static_cast<float>(h) / static_cast<float>(fh));
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  io.DisplayFramebufferScale = ImVec2(1.f / toCss.x, 1.f / toCss.y);
  if (io.MousePos.x != -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x * toCss.x, io.MousePos.y * toCss.y);
  ImGui::NewFrame();
  mutualab::web::layout_probe::beginFrame();
  gApp->frame(dt);
  mutualab::web::layout_probe::endFrame();
  ImGui::Render();
  const double appMs = emscripten_get_now() - t0;
  glfwGetFramebufferSize(gWindow, &fw, &fh);
  glViewport(0, 0, fw, fh);
  glClearColor(0.08f, 0.09f, 0.11f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  gApp->recordFrameTime(emscripten_get_now() - t0, appMs);
  js_first_frame();
}

}  // namespace

// ---- hooks for the page and the browser test
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* mutualab_state_json() {
  gReturned = gApp ? gApp->stateJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : "{}";  // notes may quote hostile bytes
  return gReturned.c_str();
}
EMSCRIPTEN_KEEPALIVE void mutualab_open_fragment(const char* fragment) {
  if (gApp) gApp->openFragment(fragment ? fragment : "");
}
EMSCRIPTEN_KEEPALIVE void mutualab_select_preset(const char* name) {
  if (gApp) gApp->selectPreset(name ? name : "");
}
EMSCRIPTEN_KEEPALIVE void mutualab_change_parameter(const char* path, const char* value) {
  if (gApp) gApp->changeParameter(path ? path : "", value ? value : "");  // mid-run: an intervention where it may be
}
EMSCRIPTEN_KEEPALIVE void mutualab_step(int n) {
  if (gApp) gApp->step(n < 0 ? 0 : n);
}
EMSCRIPTEN_KEEPALIVE void mutualab_set_running(int on) {
  if (gApp) gApp->setRunning(on != 0);
}
EMSCRIPTEN_KEEPALIVE void mutualab_set_text_scale(double scale) {
  if (gApp && (scale == 1.0 || scale == 1.5 || scale == 2.0)) gApp->view().textScale = static_cast<float>(scale);
}
// Brings a main view (0 adverse selection, 1 pool, 2 results file, 3 pools)
// and a side panel (0 lessons, 1 scenario, 2 share & export) to the front at
// the next frame, as a click on their tabs does; -1 leaves one as it is.
EMSCRIPTEN_KEEPALIVE void mutualab_show(int view, int sidePanel) {
  if (!gApp) return;
  if (view >= 0 && view <= 3) gApp->view().tab = view;
  if (sidePanel >= 0 && sidePanel <= 2) gApp->view().sideTab = sidePanel;
}
// The layout probe (web/ui/layout_probe.h): the first call records the next
// frame and returns {"status":"pending"}, as do calls until that frame is
// drawn; the next returns its report ({"status":"done", "problems": [...],
// "items_checked", "windows", ...}), once.
EMSCRIPTEN_KEEPALIVE const char* mutualab_layout_report() {
  namespace probe = mutualab::web::layout_probe;
  if (probe::hasReport()) {
    gReturned = probe::takeReport().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    if (!probe::armed()) probe::arm();
    gReturned = R"({"status":"pending"})";
  }
  return gReturned.c_str();
}
// The rectangle [x0, y0, x1, y1] in CSS pixels of the item labelled `label`
// in the last frame the probe recorded (null if none): where a test clicks.
EMSCRIPTEN_KEEPALIVE const char* mutualab_layout_item(const char* label) {
  gReturned = mutualab::web::layout_probe::itemRect(label ? label : "").dump();
  return gReturned.c_str();
}
// The start screen (App::showStartScreen): 1 shows it, 0 closes it.
EMSCRIPTEN_KEEPALIVE void mutualab_show_start_screen(int on) {
  if (gApp) gApp->showStartScreen(on != 0);
}
// Whether a text field has the keyboard: the page then leaves a key's default
// action alone (a space typed into the field), else it stops it (shell/index.html).
EMSCRIPTEN_KEEPALIVE int mutualab_text_input_active() {
  return ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void mutualab_run_to_end() {
  if (gApp) gApp->runToEnd();
}
EMSCRIPTEN_KEEPALIVE const char* mutualab_export(const char* name, int side) {
  gReturned = gApp ? gApp->exportFile(name ? name : "", side) : "";
  return gReturned.c_str();
}
EMSCRIPTEN_KEEPALIVE void mutualab_load_results(const char* text, const char* name) {
  if (gApp) gApp->loadResultsJson(text ? text : "", name ? name : "results.json");
}
// A price data CSV's text (file picker or drag and drop), read by the CLI's reader (App::loadPriceData).
EMSCRIPTEN_KEEPALIVE void mutualab_load_price_data(const char* text, const char* name) {
  if (gApp) gApp->loadPriceData(text ? text : "", name ? name : "prices.csv");
}
}

int main() {
  if (!glfwInit()) {
    js_fatal("The playground could not start its window system (GLFW). Try another browser.");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  int w = 0, h = 0;
  double density = 1;
  js_canvas_size(&w, &h, &density);
  gWindow = glfwCreateWindow(static_cast<int>(std::lround(w * density)), static_cast<int>(std::lround(h * density)),
                             "mutualab playground", nullptr, nullptr);
  if (!gWindow) {
    js_fatal("This browser has no WebGL 2, which the playground draws with. Try a current Firefox, Chrome, Edge or Safari, "
             "or enable hardware acceleration.");
    return 1;
  }
  glfwMakeContextCurrent(gWindow);
  // Before ImGui's backend installs its own, which then calls this one: GLFW
  // listens on the page's window, so the keys work whatever was clicked last.
  glfwSetKeyCallback(gWindow, [](GLFWwindow*, int key, int, int action, int mods) {
    if (gApp) mutualab::web::playgroundKey(*gApp, key, action, mods);
  });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no localStorage writes behind the user's back
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(gWindow, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  mutualab::web::HostServices host;
  host.platform = "web";
  host.setFragment = [](const std::string& f) { js_set_fragment(f.c_str()); };
  host.shareLink = [](const std::string& f) { return takeJsString(js_page_url()) + "#" + f; };
  host.saveFile = [](const std::string& n, const std::string& m, const std::string& t) {
    js_save_file(n.c_str(), m.c_str(), t.c_str());
  };
  host.pickFile = [] { js_pick_file(); };
  host.pickPriceData = [] { js_pick_price_data(); };
  host.copyText = [](const std::string& s) { js_copy_text(s.c_str()); };
  const std::string fragment = takeJsString(js_fragment());  // before the App rewrites the URL
  static mutualab::web::App app(host);
  gApp = &app;
  // No link: the start screen says what this is and offers the ways in.
  if (!fragment.empty() && fragment != "#") app.openFragment(fragment);
  else app.showStartScreen(true);
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
