// Share links: round trip, clamping to the playground's ranges, refusal of
// malformed or hostile entries with a message, and scenario building.
#include <catch2/catch.hpp>

#include "core/scenario_json.h"
#include "web/controls.h"
#include "web/url_state.h"

using namespace mutualab::web;

namespace {
bool hasNote(const std::vector<std::string>& notes, const std::string& part) {
  for (const auto& n : notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("a share state survives encode then decode", "[web][url]") {
  ShareState s;
  s.preset = "lp-run";
  s.seed = 9007199254740991ULL;
  s.compare = "credibility";
  s.lesson = "lp-run";
  s.lessonStep = 2;
  s.played = 365;
  s.assign("writers/count", "1000");
  s.assign("pool/feeRule/params/loading", "0.25");
  s.assign("writers/strategies", kLearningList);
  const DecodedShare d = decodeShare("#" + encodeShare(s));
  CHECK(d.notes.empty());
  CHECK(d.state.preset == "lp-run");
  CHECK(d.state.seed == 9007199254740991ULL);
  CHECK(d.state.compare == "credibility");
  CHECK(d.state.lesson == "lp-run");
  CHECK(d.state.lessonStep == 2);
  CHECK(d.state.played == 365);
  CHECK(d.state.set == s.set);
}

TEST_CASE("a link carries the step its run had reached, as a whole number of steps", "[web][url]") {
  CHECK(encodeShare(ShareState{}) == "preset=akerlof-flat-fee&seed=1");  // at the start: no played
  ShareState s;
  s.lesson = "var-admission";
  s.lessonStep = 2;
  s.played = 230;
  CHECK(encodeShare(s) == "preset=akerlof-flat-fee&seed=1&lesson=var-admission&step=2&played=230");
  CHECK(decodeShare("played=3650").state.played == 3650);
  CHECK(decodeShare("played=0").notes.empty());
  for (const char* bad : {"played=-1", "played=2.5", "played=3651", "played=soon", "played="}) {
    INFO(bad);
    const DecodedShare d = decodeShare(bad);
    CHECK(d.state.played == 0);
    CHECK(hasNote(d.notes, "link: played must be a whole number of steps from 0 to 3650"));
  }
}

TEST_CASE("assign replaces, appends and removes in order", "[web][url]") {
  ShareState s;
  s.assign("writers/count", "300");
  s.assign("pool/exitFee", "0.05");
  s.assign("writers/count", "400");
  REQUIRE(s.set.size() == 2);
  CHECK(s.set[0] == std::make_pair(std::string("writers/count"), std::string("400")));
  s.assign("writers/count", "");
  REQUIRE(s.set.size() == 1);
  CHECK(s.set[0].first == "pool/exitFee");
}

TEST_CASE("out-of-range link values are clamped to the playground's range with a note", "[web][url]") {
  const DecodedShare d = decodeShare("writers/count=99999&pool/exitFee=-3&sim/steps=1e9");
  CHECK(*d.state.value("writers/count") == "10000");
  CHECK(*d.state.value("pool/exitFee") == "0");
  CHECK(*d.state.value("sim/steps") == "3650");
  CHECK(d.notes.size() == 3);
  CHECK(hasNote(d.notes, "writers/count=99999 is outside the playground's range [10, 10000]; clamped to 10000"));
}

TEST_CASE("malformed and hostile link entries are refused one by one", "[web][url]") {
  const DecodedShare d = decodeShare(
      "preset=%3Cscript%3E&seed=-1&compare=nope&%ZZ=1&writers/count=2.5&pool/exitFee=abc&pool/exitFee=nan"
      "&market/assets/0/spot=5&lesson=nope&step=x&writers/strategies=notjson&pool/feeRule/name=risk-based");
  CHECK(d.state.preset == "akerlof-flat-fee");  // defaults kept
  CHECK(d.state.seed == 1);
  CHECK(d.state.compare.empty());
  CHECK(d.state.lesson.empty());
  CHECK(d.state.value("writers/count") == nullptr);
  CHECK(d.state.value("pool/exitFee") == nullptr);
  CHECK(d.state.value("market/assets/0/spot") == nullptr);
  CHECK(d.state.value("writers/strategies") == nullptr);
  REQUIRE(d.state.value("pool/feeRule/name") != nullptr);  // the one good entry survives
  CHECK(hasNote(d.notes, "no preset named '<script>'"));
  CHECK(hasNote(d.notes, "seed must be a whole number"));
  CHECK(hasNote(d.notes, "no fee rule named 'nope'"));
  CHECK(hasNote(d.notes, "valid %-escapes"));
  CHECK(hasNote(d.notes, "writers/count expects a whole number"));
  CHECK(hasNote(d.notes, "pool/exitFee expects a number, found 'abc'"));
  CHECK(hasNote(d.notes, "pool/exitFee expects a number, found 'nan'"));
  CHECK(hasNote(d.notes, "'market/assets/0/spot' is not a playground parameter"));
  CHECK(hasNote(d.notes, "no lesson named 'nope'"));
  CHECK(hasNote(d.notes, "lesson step must be a whole number"));
  CHECK(hasNote(d.notes, "writers/strategies expects a JSON list"));
}

TEST_CASE("a key given twice in a link keeps the last value and says so", "[web][url]") {
  const DecodedShare d = decodeShare("preset=akerlof-flat-fee&seed=1&seed=2");
  CHECK(d.state.seed == 2);
  CHECK(hasNote(d.notes, "link: 'seed' is given more than once; the last value, '2', is used"));
  CHECK(decodeShare("preset=akerlof-flat-fee&seed=1").notes.empty());
}

TEST_CASE("a repeated key's note says which value is used, including when the last is refused", "[web][url]") {
  // The last value refused: the one before it stands, and the note says so (it said 'abc' was used).
  DecodedShare d = decodeShare("writers/count=1000&writers/count=abc");
  CHECK(*d.state.value("writers/count") == "1000");
  CHECK(hasNote(d.notes, "writers/count expects a number, found 'abc'; ignored"));
  CHECK(hasNote(d.notes, "link: 'writers/count' is given more than once; its last value is refused (see above), so the one before it stands"));
  CHECK_FALSE(hasNote(d.notes, "'abc', is used"));
  d = decodeShare("seed=5&seed=abc");
  CHECK(d.state.seed == 5);
  CHECK(hasNote(d.notes, "found 'abc'; using 5"));
  CHECK(hasNote(d.notes, "so the one before it stands"));
  // None of them admitted: said so.
  d = decodeShare("seed=x&seed=y");
  CHECK(d.state.seed == 1);
  CHECK(hasNote(d.notes, "'seed' is given more than once; none of its values is used"));
  // A refused comparison leaves the one before it on, and says that, not "comparison off".
  d = decodeShare("compare=risk-based&compare=nope");
  CHECK(d.state.compare == "risk-based");
  CHECK(hasNote(d.notes, "no fee rule named 'nope' to compare with; comparing with risk-based"));
}

TEST_CASE("a link's seed is plain decimal digits; other spellings of a number are refused with a note", "[web][url]") {
  for (const char* seed : {"0x1p4", "+5", "1e3", "5.0", " 5", "-0", "0x10"}) {
    INFO(seed);
    const DecodedShare d = decodeShare(std::string("seed=") + percentEncode(seed));
    CHECK(d.state.seed == 1);
    CHECK(hasNote(d.notes, "link: seed must be a whole number from 0 to 2^53-1 in decimal digits"));
  }
  CHECK(decodeShare("seed=0").state.seed == 0);
  CHECK(decodeShare("seed=007").state.seed == 7);
  CHECK(decodeShare("seed=9007199254740991").state.seed == kMaxSeed);
  CHECK(decodeShare("seed=9007199254740992").state.seed == 1);
  CHECK(decodeShare("seed=99999999999999999999").state.seed == 1);
}

TEST_CASE("a note quotes a link's control characters as escapes, never as a line of its own", "[web][url][hostile]") {
  const DecodedShare d = decodeShare("data=a%0Aerror: fake note%09x@0123456789abcdef&lesson=%00x");
  REQUIRE(d.state.data == "a\nerror: fake note\tx@0123456789abcdef");
  for (const auto& n : d.notes) {
    INFO(n);
    CHECK(n.find_first_of(std::string("\n\t\0", 3)) == std::string::npos);
  }
  CHECK(hasNote(d.notes, "price data file 'a\\nerror: fake note\\tx'"));
  CHECK(hasNote(d.notes, "no lesson named '\\x00x'"));
}

TEST_CASE("a lesson step outside the lesson opens the nearest step, with a note in the link's numbering",
          "[web][url][lessons]") {
  DecodedShare d = decodeShare("lesson=akerlof-spiral&step=99");
  CHECK(d.state.lessonStep == 2);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0] == "link: step 99: lesson akerlof-spiral has steps 0 to 2; showing step 2");
  d = decodeShare("step=-1&lesson=akerlof-spiral");  // the step may come first
  CHECK(d.state.lessonStep == 0);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0] == "link: step -1: lesson akerlof-spiral has steps 0 to 2; showing step 0");
  d = decodeShare("lesson=akerlof-spiral&step=1.5");
  CHECK(d.state.lessonStep == 0);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0] == "link: step '1.5' is not a whole number: lesson akerlof-spiral has steps 0 to 2; showing step 0");
  d = decodeShare("lesson=akerlof-spiral&step=2");  // the last step: no note
  CHECK(d.state.lessonStep == 2);
  CHECK(d.notes.empty());
}

TEST_CASE("over-long links and too many entries are refused", "[web][url]") {
  const DecodedShare longLink = decodeShare("preset=lp-run&x=" + std::string(kMaxFragmentLength, 'A'));
  CHECK(longLink.state.preset == "akerlof-flat-fee");
  CHECK(hasNote(longLink.notes, "longer than 4096 characters"));
  std::string many;
  for (int i = 0; i < 60; ++i) many += "writers/count=" + std::to_string(100 + i) + "&";
  const DecodedShare d = decodeShare(many);
  CHECK(*d.state.value("writers/count") == std::to_string(100 + static_cast<int>(kMaxSetEntries) - 1));
  CHECK(hasNote(d.notes, "more than 48 parameters"));
}

TEST_CASE("percent escapes decode, and bad ones are rejected", "[web][url]") {
  std::string out;
  CHECK(percentDecode("a%2Fb+c%3d", out));
  CHECK(out == "a/b c=");
  CHECK_FALSE(percentDecode("%4", out));
  CHECK_FALSE(percentDecode("%G0", out));
  CHECK(percentEncode("[{\"name\":\"learning\"}]") == "%5B%7B%22name%22%3A%22learning%22%7D%5D");
}

TEST_CASE("a share state builds its scenario, refused parameters are named and dropped", "[web][url]") {
  ShareState s;
  s.preset = "akerlof-flat-fee";
  s.assign("writers/count", "1000");
  s.assign("pool/feeRule/name", "risk-based");
  std::vector<std::string> notes;
  nlohmann::json j = scenarioOf(s, notes);
  CHECK(notes.empty());
  CHECK(j["writers"]["count"] == 1000);
  CHECK(j["pool"]["feeRule"]["name"] == "risk-based");
  CHECK(j["pool"]["feeRule"]["params"].is_object());

  // How the pool admits risk is a link parameter too: var-admission against the ratio rule.
  ShareState admission;
  admission.preset = "var-admission";
  admission.assign("pool/admission/rule", "ratio");
  notes.clear();
  CHECK(mutualab::scenarioFromJson(scenarioOf(admission, notes)).pool.admission.rule == "ratio");  // the default: not written
  CHECK(notes.empty());
  ShareState badRule;
  badRule.preset = "var-admission";
  badRule.assign("pool/admission/rule", "gut-feeling");
  notes.clear();
  CHECK(scenarioOf(badRule, notes)["pool"]["admission"]["rule"] == "var");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("gut-feeling") != std::string::npos);
  // And the measure's terms (the Scenario panel's Admission section), through a link and back.
  ShareState terms;
  terms.preset = "var-admission";
  terms.assign("pool/admission/measure", "var");
  terms.assign("pool/admission/level", "0.995");
  terms.assign("pool/admission/everySteps", "3");
  terms.assign("pool/admission/samples", "2000");
  terms.assign("pool/admission/horizonDays", "10");
  notes.clear();
  const mutualab::AdmissionDef a = mutualab::scenarioFromJson(scenarioOf(terms, notes)).pool.admission;
  CHECK(notes.empty());
  CHECK(a.rule == "var");
  CHECK(a.measure == "var");
  CHECK(a.level == 0.995);
  CHECK(a.everySteps == 3);
  CHECK(a.samples == 2000);
  CHECK(a.horizonDays == 10);
  CHECK(decodeShare(encodeShare(terms)).state.set == terms.set);
  // Out of range: refused with the field's reason, the preset's value kept.
  ShareState fewSamples;
  fewSamples.preset = "var-admission";
  fewSamples.assign("pool/admission/samples", "50");
  notes.clear();
  CHECK(mutualab::scenarioFromJson(scenarioOf(fewSamples, notes)).pool.admission.samples == 1000);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("samples") != std::string::npos);
  CHECK_FALSE(isShareablePath("pool/admission/unknownKey"));

  // A fee rule that does not exist: refused as a whole, the preset is shown.
  ShareState bad;
  bad.assign("pool/feeRule/name", "no-such-rule");
  notes.clear();
  j = scenarioOf(bad, notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("no-such-rule") != std::string::npos);
  CHECK(j["pool"]["feeRule"]["name"] == "flat");

  // Theta sd beyond what a Beta with this mean allows: the combination is refused with its path.
  ShareState beta;
  beta.assign("writers/theta/mean", "0.95");
  beta.assign("writers/theta/sd", "0.45");
  notes.clear();
  j = scenarioOf(beta, notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("/writers/theta") != std::string::npos);
  CHECK(j["writers"]["theta"]["mean"] == 0.5);
}

TEST_CASE("admitScenario drops each refused entry from the share state, so its link is what runs", "[web][url]") {
  std::vector<std::string> notes;
  // Refused on its own (a governance rule the preset does not have): only that entry leaves.
  ShareState one;
  one.assign("writers/count", "300");
  one.assign("governance/rules/9/when", "0");
  CHECK(admitScenario(one, notes)["writers"]["count"] == 300);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("governance/rules/9") != std::string::npos);
  CHECK(one.set == std::vector<std::pair<std::string, std::string>>{{"writers/count", "300"}});
  // Refused together (a fee rule's parameter out of its range, one it does not have, a theta sd too wide
  // for its mean): the preset is shown, and the state keeps none of the entries.
  for (const char* bad : {"pool/feeRule/params/loading=20", "pool/feeRule/params/loading=nan",
                          "pool/feeRule/params/bogus=1", "writers/theta/mean=0.95&writers/theta/sd=0.5"}) {
    INFO(bad);
    DecodedShare d = decodeShare(std::string("preset=akerlof-flat-fee&writers/count=300&") + bad);
    notes.clear();
    const nlohmann::json j = admitScenario(d.state, notes);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("showing the preset as it is") != std::string::npos);
    CHECK(j["writers"]["count"] != 300);
    CHECK(d.state.set.empty());
    CHECK(encodeShare(d.state) == "preset=akerlof-flat-fee&seed=1");
  }
  // scenarioOf leaves its argument as it was.
  ShareState kept;
  kept.assign("pool/feeRule/params/loading", "20");
  notes.clear();
  scenarioOf(kept, notes);
  CHECK(kept.set.size() == 1);
}

TEST_CASE("every playground control names a scenario path with a valid range", "[web][controls]") {
  ShareState s, withPools;
  withPools.preset = "tiered-pools";
  std::vector<std::string> notes;
  const nlohmann::json j = scenarioOf(s, notes), jp = scenarioOf(withPools, notes);
  CHECK(notes.empty());
  for (const auto& c : playgroundControls()) {
    INFO(c.path);
    CHECK((c.poolsOnly ? jp : j).contains(nlohmann::json::json_pointer(std::string("/") + c.path)));
    CHECK(c.min < c.max);
    CHECK(isShareablePath(c.path));
    // Label, unit, tooltip and kind are the parameter table's; the slider's
    // range lies inside the field's.
    const mutualab::FieldInfo* f = mutualab::findScenarioField(c.path);
    REQUIRE(f);
    CHECK(std::string(c.label) == f->name);
    CHECK(std::string(c.unit) == f->unit);
    CHECK_THAT(std::string(c.help), Catch::Contains(f->text.substr(1)));
    CHECK((c.kind == ControlKind::Integer) == (f->type == "int"));
    CHECK((f->minOpen ? c.min > f->min : c.min >= f->min));
    CHECK((f->maxOpen ? c.max < f->max : c.max <= f->max));
  }
  CHECK(isShareablePath("pool/feeRule/params/loading"));
  CHECK_FALSE(isShareablePath("pool/feeRule/params/a/b"));
  CHECK_FALSE(isShareablePath("sim/maxOpenPositions"));
}

TEST_CASE("a link may switch a governance rule off or move its trigger, and nothing else of governance", "[web][url]") {
  CHECK(isShareablePath("governance/rules/0/when"));
  CHECK(isShareablePath("governance/rules/3/params/trigger"));
  CHECK_FALSE(isShareablePath("governance/rules/0/set"));
  CHECK_FALSE(isShareablePath("governance/rules/0/name"));
  CHECK_FALSE(isShareablePath("governance/rules/10/when"));
  CHECK_FALSE(isShareablePath("governance/rules/0/params/a/b"));
  CHECK_FALSE(isShareablePath("governance/schedule/0/set"));
  ShareState s;
  s.preset = "governance-responds";
  s.assign("governance/rules/0/when", "0");
  s.assign("governance/rules/0/params/trigger", "3");
  const DecodedShare d = decodeShare(encodeShare(s));  // it survives a link
  CHECK(d.notes.empty());
  std::vector<std::string> notes;
  const nlohmann::json j = scenarioOf(d.state, notes);
  CHECK(notes.empty());
  CHECK(j["governance"]["rules"][0]["when"] == "0");
  CHECK(j["governance"]["rules"][0]["params"]["trigger"] == 3);
  // A condition muparser cannot read is refused with a note; the preset runs as it is.
  ShareState bad;
  bad.preset = "governance-responds";
  bad.assign("governance/rules/0/when", "pool_loss_rate >");
  const nlohmann::json b = scenarioOf(bad, notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("governance/rules/0/when") != std::string::npos);
  CHECK(b["governance"]["rules"][0]["when"] == "pool_loss_rate > trigger * initial_loss_rate");
  std::string tooLong(513, '1');
  std::vector<std::string> linkNotes;
  CHECK_FALSE(admitSetting("governance/rules/0/when", tooLong, linkNotes));
}

TEST_CASE("the learning switches replace a population's strategies with one learning group", "[web][url]") {
  ShareState s;
  s.preset = "lp-run";
  s.assign(kLearningWritersPath, kLearningList);
  s.assign(kLearningLpsPath, kLearningList);
  const DecodedShare d = decodeShare(encodeShare(s));  // and it survives a link
  CHECK(d.notes.empty());
  std::vector<std::string> notes;
  const nlohmann::json j = scenarioOf(d.state, notes);
  CHECK(notes.empty());
  REQUIRE(j["writers"]["strategies"].size() == 1);
  CHECK(j["writers"]["strategies"][0]["name"] == "learning");
  CHECK(j["writers"]["strategies"][0]["share"] == 1.0);
  REQUIRE(j["lps"]["strategies"].size() == 1);
  CHECK(j["lps"]["strategies"][0]["name"] == "learning");
}

TEST_CASE("links whose bytes are not UTF-8 are refused with a note, never thrown (fuzz finding)", "[web][url][hostile]") {
  // A %-escape that decodes to a lone 0xFF, in a value and in a key: the entry is dropped.
  const DecodedShare v = decodeShare("preset=lp-run&description=caf%E9");
  CHECK(v.state.preset == "lp-run");
  CHECK(v.state.value("description") == nullptr);
  CHECK(hasNote(v.notes, "valid %-escapes of UTF-8 text"));
  const DecodedShare k = decodeShare("preset=lp-run&pool%FF=1");
  CHECK(k.state.set.empty());
  // Raw bytes that are not UTF-8 (only a forged link has them): the whole link is ignored.
  const DecodedShare raw = decodeShare("preset=lp-run&x=\xFF\xFE");
  CHECK(raw.state.preset == "akerlof-flat-fee");
  CHECK(hasNote(raw.notes, "not valid UTF-8"));
  // The fuzzer's first finding, end to end: decoding, building and sharing again do not throw,
  // and every note is UTF-8 (notes are written back as JSON in the page's state).
  const std::string found = "pp,\xFF\xFF\xFF\xFF\xFF\xFFing=..25&wp-run&step=2&w22%3A%22learnRule/p!2C%22sharriters/count=1000&";
  const DecodedShare f = decodeShare(found);
  std::vector<std::string> notes;
  CHECK_NOTHROW(scenarioOf(f.state, notes));
  CHECK_NOTHROW(decodeShare(encodeShare(f.state)));
  for (const auto& n : f.notes) CHECK(mutualab::validUtf8(n));
  // Long notes are cut at a character boundary, not inside one.
  const DecodedShare cut = decodeShare("preset=" + std::string(56, 'a') + "%C3%BC%C3%BC");
  for (const auto& n : cut.notes) CHECK(mutualab::validUtf8(n));
}

TEST_CASE("a link carries interventions as at/STEP/PATH=VALUE and checks each like any entry", "[web][url][interventions]") {
  ShareState s;
  s.assign("writers/count", "300");
  s.interventions = {{100, "pool/feeRule/name", "risk-based"},
                     {100, "pool/feeRule/params/loading", "0.25"},
                     {180, "pool/exitFee", "0.05"}};
  const std::string link = encodeShare(s);
  CHECK(link ==
        "preset=akerlof-flat-fee&seed=1&writers/count=300&at/100/pool/feeRule/name=risk-based"
        "&at/100/pool/feeRule/params/loading=0.25&at/180/pool/exitFee=0.05");
  const DecodedShare d = decodeShare("#" + link);
  CHECK(d.notes.empty());
  CHECK(d.state.interventions == s.interventions);
  CHECK(d.state.set == s.set);

  // Each bad one is dropped with a note; the rest opens.
  const DecodedShare bad = decodeShare(
      "preset=lp-run&at/0/pool/exitFee=0.1&at/x/pool/exitFee=0.1&at/3651/pool/exitFee=0.1&at/50/writers/count=90"
      "&at/50/pool/nonsense=1&at/50/pool/exitFee=lots&at/50/pool/exitFee=0.9&at/60/backstop/feeShare=0.1"
      "&at/70/pool/menu/1/feeRule/name=flat&at/50=1&at/=2");
  INFO(nlohmann::json(bad.notes).dump(1));
  CHECK(bad.state.preset == "lp-run");
  CHECK(hasNote(bad.notes, "'at/0/pool/exitFee': an intervention's step must be a whole number from 1 to 3650"));
  CHECK(hasNote(bad.notes, "'at/x/pool/exitFee': an intervention's step"));
  CHECK(hasNote(bad.notes, "'at/3651/pool/exitFee': an intervention's step"));
  CHECK(hasNote(bad.notes, "governance cannot change 'writers/count' mid-run"));
  CHECK(hasNote(bad.notes, "governance cannot change 'pool/nonsense' mid-run"));
  CHECK(hasNote(bad.notes, "intervention at step 50: pool/exitFee expects a number, found 'lots'"));
  CHECK(hasNote(bad.notes, "intervention at step 50: pool/exitFee=0.9 is outside the playground's range [0, 0.5]; clamped to 0.5"));
  CHECK(hasNote(bad.notes, "'at/50' is not at/STEP/PATH"));
  CHECK(hasNote(bad.notes, "'at/' is not at/STEP/PATH"));
  CHECK(bad.state.interventions == std::vector<Intervention>{{50, "pool/exitFee", "0.5"},
                                                              {60, "backstop/feeShare", "0.1"},
                                                              {70, "pool/menu/1/feeRule/name", "flat"}});
  // They count toward the link's 48 parameters.
  std::string many = "preset=lp-run";
  for (int i = 1; i <= 60; ++i) many += "&at/" + std::to_string(i) + "/pool/exitFee=0.01";
  const DecodedShare capped = decodeShare(many);
  CHECK(capped.state.interventions.size() == kMaxSetEntries);
  CHECK(hasNote(capped.notes, "more than 48 parameters"));
}

TEST_CASE("a link keeps one intervention per step and path, the last, whatever the step's spelling",
          "[web][url][interventions]") {
  for (const char* link : {"at/1/pool/exitFee=0.1&at/0001/pool/exitFee=0.2", "at/1/pool/exitFee=0.1&at/1/pool/exitFee=0.2"}) {
    INFO(link);
    const DecodedShare d = decodeShare(link);
    CHECK(d.state.interventions == std::vector<Intervention>{{1, "pool/exitFee", "0.2"}});
    CHECK(hasNote(d.notes, "link: 'at/1/pool/exitFee' is given more than once; the last value, '0.2', is used"));
    CHECK(encodeShare(d.state) == "preset=akerlof-flat-fee&seed=1&at/1/pool/exitFee=0.2");
  }
  // Another path at that step, or that path at another step, is another intervention.
  const DecodedShare two = decodeShare("at/5/pool/exitFee=0.1&at/6/pool/exitFee=0.2&at/5/pool/feeRule/name=risk-based");
  CHECK(two.state.interventions.size() == 3);
  CHECK(two.notes.empty());
  // A refused repeat leaves the first.
  const DecodedShare kept = decodeShare("at/5/pool/exitFee=0.1&at/05/pool/exitFee=lots");
  CHECK(kept.state.interventions == std::vector<Intervention>{{5, "pool/exitFee", "0.1"}});
  CHECK(hasNote(kept.notes, "'at/5/pool/exitFee' is given more than once; its last value is refused (see above)"));
}

TEST_CASE("shareLinkProblem says when a link would not open as its state", "[web][url]") {
  ShareState s;
  CHECK(shareLinkProblem(s).empty());
  for (int i = 1; i <= static_cast<int>(kMaxSetEntries); ++i) s.interventions.push_back({i, "pool/exitFee", "0.01"});
  CHECK(shareLinkProblem(s).empty());  // 48 entries: opens as it is
  CHECK(decodeShare(encodeShare(s)).state.interventions == s.interventions);
  s.assign("writers/count", "300");
  CHECK(shareLinkProblem(s) == "1 changed parameters and 48 interventions, more than the 48 a link opens (the rest would be dropped)");
  CHECK(decodeShare(encodeShare(s)).state.interventions.size() == kMaxSetEntries - 1);  // what it guards against
  // Few entries, but too long: a fee rule's list of strategy groups, say.
  ShareState longOne;
  longOne.assign("pool/feeRule/params/note", std::string(kMaxFragmentLength, 'x'));
  const std::string problem = shareLinkProblem(longOne);
  CHECK(problem.find("longer than the 4096 a link may be (it would not open at all)") != std::string::npos);
  CHECK(hasNote(decodeShare(encodeShare(longOne)).notes, "longer than 4096 characters"));
}

TEST_CASE("interventions become governance.schedule entries, after the scenario's own at the same step",
          "[web][url][interventions]") {
  nlohmann::json j = {{"governance", {{"schedule", {{{"step", 10}, {"set", {"pool/exitFee=0.01"}}},
                                                    {{"step", 50}, {"set", {"pool/exitFee=0.02"}}}}}}}};
  const nlohmann::json out = withInterventions(j, {{50, "pool/exitFee", "0.03"}, {20, "pool/lockupSteps", "5"}});
  const auto& s = out["governance"]["schedule"];
  REQUIRE(s.size() == 4);
  CHECK(s[0]["step"] == 10);
  CHECK(s[1] == nlohmann::json({{"step", 20}, {"set", {"pool/lockupSteps=5"}}}));
  CHECK(s[2]["set"][0] == "pool/exitFee=0.02");
  CHECK(s[3]["set"][0] == "pool/exitFee=0.03");
  CHECK(withInterventions(j, {}) == j);
  // What applies now, and what restarts the run.
  CHECK(appliesNow("pool/feeRule/name", false));
  CHECK(appliesNow("pool/feeRule/params/loading", false));
  CHECK(appliesNow("pool/menu/0/feeRule/name", false));
  CHECK(appliesNow("pool/exitFee", false));
  CHECK(appliesNow("pool/insuranceFeeShare", false));
  CHECK_FALSE(appliesNow("writers/count", false));
  CHECK_FALSE(appliesNow("sim/steps", false));
  CHECK_FALSE(appliesNow("governance/rules/0/when", false));
  CHECK_FALSE(appliesNow("backstop/capital", true));
  CHECK(appliesNow("backstop/feeShare", true));
  CHECK_FALSE(appliesNow("pool/exitFee", true));  // with `pools`, `pool` is only what they start from
  CHECK(appliesToSideB("pool/exitFee"));
  CHECK_FALSE(appliesToSideB("pool/feeRule/name"));
}

TEST_CASE("a link names the price data file by name and hash, and a malformed one is refused", "[web][url][price-path]") {
  ShareState s;
  s.data = "my crash.csv@0123456789abcdef";
  const DecodedShare d = decodeShare("#" + encodeShare(s));
  CHECK(d.state.data == s.data);
  REQUIRE(d.notes.size() == 1);
  CHECK_THAT(d.notes[0], Catch::Contains("load that file again"));
  for (const char* bad : {"data=crash.csv", "data=crash.csv%40123", "data=%400123456789abcdef", "data=x%400123456789ABCDEF"}) {
    INFO(bad);
    const DecodedShare b = decodeShare(bad);
    CHECK(b.state.data.empty());
    REQUIRE(b.notes.size() == 1);
    CHECK_THAT(b.notes[0], Catch::Contains("data must be FILE@HASH"));
  }
}
