// mutualab: batch experiments on risk mutualization in options markets.
// Setup -> parse -> run the chosen subcommand -> exit code.
#include <cstdlib>
#include <iostream>
#include <string>

#include "core/errors.h"
#include "experiments/runner.h"
#include "native/commands.h"
#include "native/interrupt.h"
#include "native/mpi_context.h"

int main(int argc, char** argv) {
  CLI::App app{
      "mutualab " MUTUALAB_VERSION
      " - agent-based lab for risk mutualization in decentralized options markets.\n"
      "Option writers choose between their own fully collateralized silo and a shared pool funded by LPs;\n"
      "writers know their own tail risk (theta) better than the pool, so the wrong fee rule unravels the pool.\n\n"
      "Start with:  mutualab presets            (built-in scenarios and what each shows)\n"
      "             mutualab run preset:akerlof-flat-fee\n"
      "             mutualab run preset:risk-based-fee --reps 30 --out out/rb\n"};
  app.set_version_flag("--version", std::string("mutualab ") + MUTUALAB_VERSION);
  app.require_subcommand(1);
  int exitCode = 0;
  mutualab::cli::addRun(app, exitCode);
  mutualab::cli::addValidate(app, exitCode);
  mutualab::cli::addPresets(app, exitCode);
  mutualab::cli::addPrice(app, exitCode);
  mutualab::cli::addSize(app, exitCode);
  mutualab::cli::addRisk(app, exitCode);
  mutualab::cli::addBacktest(app, exitCode);
  mutualab::cli::addSweep(app, exitCode);
  mutualab::cli::addTournament(app, exitCode);
  mutualab::cli::addListings(app, exitCode);
  mutualab::cli::addValidateLearners(app, exitCode);
  mutualab::cli::addMenuCheck(app, exitCode);
  mutualab::cli::addSchema(app, exitCode);
  mutualab::cli::addFields(app, exitCode);
  mutualab::cli::requireDecimalNumbers(app);
  // Under mpirun (OMPI_COMM_WORLD_SIZE set) join the MPI job; otherwise run alone.
  const bool underMpi = std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE");
  if (underMpi) mutualab::cli::mpiInit(&argc, &argv);
  else mutualab::cli::installInterruptHandlers();
  struct Finalize {
    ~Finalize() { mutualab::cli::mpiFinalize(); }
  } finalize;
  // An error's text goes to stderr once for the job (mpiErrorVoice: under
  // mpirun every rank reads the same bad input and would print it each).
  auto fail = [](const std::string& text, int code) {
    const mutualab::cli::ErrorVoice voice = mutualab::cli::mpiErrorVoice(text);
    if (voice.print) std::cerr << voice.prefix << text << std::flush;
    if (voice.abort) mutualab::cli::mpiAbort(code);
    return code;
  };
  // "mutualab frobnicate": CLI11 alone would say a subcommand is required.
  if (argc > 1 && argv[1][0] != '-' && !mutualab::cli::knownCommand(app, argv[1]))
    return fail("error: " + mutualab::cli::unknownCommandMessage(app, argv[1]) + "\nRun with --help for more information.\n", 2);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ConversionError& e) {
    const std::string command = argc > 1 ? argv[1] : "";
    return fail("error: " + mutualab::cli::conversionMessage(app, command, e.what()) + "\nRun with --help for more information.\n", 2);
  } catch (const CLI::ParseError& e) {
    return fail(std::string("error: ") + e.what() + "\nRun with --help for more information.\n", 2);  // bad usage is bad input
  } catch (const mutualab::InputError& e) {
    return fail(std::string("error: ") + e.what() + "\n", 2);
  } catch (const mutualab::Cancelled&) {
    // Ctrl-C or SIGTERM (native/interrupt.h): the output folder was never made.
    return fail("\ninterrupted: stopped, and wrote no results (a sweep's or tournament's finished cells stay for "
                "--resume)\n", 130);
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what() + "\n", 1);
  }
  return exitCode;
}
