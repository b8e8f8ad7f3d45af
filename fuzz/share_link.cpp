// Fuzz target: playground share links (decodeShare, scenarioOf, then sharing again).
//
// The input is the URL fragment after '#'. decodeShare promises never to
// trust the URL and never to throw: bad entries become notes. scenarioOf then
// builds the scenario the link describes; it throws only for an unknown
// preset, which decodeShare never lets through. So here ANY exception is a
// finding, as is a crash or a sanitizer report, and so is a link that does
// not survive being shared again (the state it decodes to, encoded and
// decoded, must give the same state with no notes).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "web/url_state.h"

namespace {

[[noreturn]] void finding(const char* what, const std::string& link) {
  std::fprintf(stderr, "share_link: %s\n  re-encoded link: #%s\n", what, link.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mutualab::web;
  const std::string_view fragment(reinterpret_cast<const char*>(data), size);
  const DecodedShare d = decodeShare(fragment);
  std::vector<std::string> notes;
  scenarioOf(d.state, notes);

  // Sharing again: what the playground would put in the address bar.
  const std::string link = encodeShare(d.state);
  const DecodedShare again = decodeShare(link);
  if (!again.notes.empty()) finding(("the re-encoded link decodes with notes: " + again.notes[0]).c_str(), link);
  const ShareState& a = d.state;
  const ShareState& b = again.state;
  if (a.preset != b.preset || a.seed != b.seed || a.compare != b.compare || a.lesson != b.lesson || a.set != b.set ||
      (!a.lesson.empty() && a.lessonStep != b.lessonStep))  // the step is only written with its lesson
    finding("the re-encoded link decodes to a different state", link);
  return 0;
}
