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
      : std::runtime_error(displayed(path.empty() ? what : path + ": " + what)), path_(std::move(path)), message_(what) {}
  const std::string& path() const { return path_; }
  // What is wrong, without the path: for re-throwing under another path
  // (a spec's, a file's) or with more words.
  const std::string& message() const { return message_; }

 private:
  // what() is a C string: a NUL from the input (a JSON key "a\u0000b") would
  // end the text there, and an escape byte would reach the terminal. Control
  // bytes other than newline and tab are shown as \u00XX; path() and
  // message() keep the raw text for re-throwing.
  static std::string displayed(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 15];
      } else {
        out += c;
      }
    }
    return out;
  }

  std::string path_;
  std::string message_;
};

}  // namespace mutualab
