// Errors at the edges. Bad input names the JSON path (or CLI option), what
// was expected and what was found; the CLI maps InputError to exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace mutualab {

class InputError : public std::runtime_error {
 public:
  // path: JSON pointer ("/writers/theta/sd") or option name ("--seed").
  InputError(std::string path, const std::string& what)
      : std::runtime_error(path.empty() ? what : path + ": " + what), path_(std::move(path)), message_(what) {}
  const std::string& path() const { return path_; }
  // What is wrong, without the path: for re-throwing under another path
  // (a spec's, a file's) or with more words.
  const std::string& message() const { return message_; }

 private:
  std::string path_;
  std::string message_;
};

}  // namespace mutualab
