#include "experiments/run_book.h"

#include "agents/registry.h"
#include "core/book.h"
#include "core/errors.h"
#include "core/world.h"
#include "experiments/book_io.h"

namespace mutualab {

void checkBookAt(const ScenarioDef& def, long long step, const std::string& option) {
  if (step < 1 || step > def.sim.steps)
    throw InputError(option, "expected a step in [1, " + std::to_string(def.sim.steps) + "] (sim/steps), got " +
                                 std::to_string(step));
}

RunBookFiles runBookFiles(const LoadedScenario& sc, std::uint64_t seed, int step) {
  World world(sc.def, seed, 0, makeStrategies(sc.def));
  while (world.currentStep() < step) world.step();
  const RiskBook book = pooledBookOf(world);
  RunBookFiles f;
  f.positions = book.size();
  f.csv = bookCsv(book);
  // The scenario's shock too: risk stresses the book with it, as with --scenario.
  const nlohmann::json shock = sc.def.shock.step >= 1 ? sc.resolved["shock"] : nlohmann::json();
  f.json = bookJson(book, sc.resolved["market"], sc.def.sim.daysPerYear, shock).dump(2) + "\n";
  return f;
}

}  // namespace mutualab
