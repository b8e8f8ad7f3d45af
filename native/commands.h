// The mutualab command line: one function per subcommand, registered on a
// CLI11 app by main.cpp. Each returns the process exit code: 0 success,
// 2 bad input (InputError), 1 internal failure.
#pragma once

#include <CLI/CLI.hpp>

namespace mutualab::cli {

// Each adds its subcommand to `app` and arranges for `exitCode` to be set when it runs.
void addRun(CLI::App& app, int& exitCode);
void addValidate(CLI::App& app, int& exitCode);
void addPresets(CLI::App& app, int& exitCode);
void addPrice(CLI::App& app, int& exitCode);
void addSize(CLI::App& app, int& exitCode);    // Monte Carlo capital sizing
void addRisk(CLI::App& app, int& exitCode);    // the pool risk engine: VaR/ES of a book, components, Cover-1/2
void addBacktest(CLI::App& app, int& exitCode);  // the engine's forecasts against the losses a run's books realized
void addSweep(CLI::App& app, int& exitCode);   // parameter sweeps with resume
void addTournament(CLI::App& app, int& exitCode);  // strategy tournaments
void addListings(CLI::App& app, int& exitCode);  // fee-rules, strategies, metrics
void addValidateLearners(CLI::App& app, int& exitCode);  // validate-learners and learners
void addMenuCheck(CLI::App& app, int& exitCode);  // screening menus against the writer types
void addSchema(CLI::App& app, int& exitCode);     // the JSON Schema of scenario files
void addFields(CLI::App& app, int& exitCode);     // the scenario parameter table

}  // namespace mutualab::cli

namespace mutualab::cli {

// Whether `name` is one of app's subcommands, and otherwise a message naming
// it, the nearest command (by edit distance) and the list of commands.
bool knownCommand(const CLI::App& app, const std::string& name);
std::string unknownCommandMessage(const CLI::App& app, const std::string& name);

// CLI11's "Could not convert: --reps = 1.5" in our words: the option, what
// it expects (from its type: a whole number, one >= 0, a number) and what
// was found, e.g. "--reps: expected a whole number, got '1.5'". `command`
// is the subcommand given (argv[1]); any other message is returned as is.
std::string conversionMessage(const CLI::App& app, const std::string& command, const std::string& what);

// Every number option of every subcommand (CLI11 type INT, UINT or FLOAT)
// takes decimal text only: CLI11 alone read "010" as octal 8 (--reps 010
// ran 8 replications), "0x10" and "0x1p3" as hex, and an empty value as 0
// (--threads '' meant all cores). Call it once the subcommands are added.
void requireDecimalNumbers(CLI::App& app);

}  // namespace mutualab::cli
