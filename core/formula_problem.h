// What is wrong with an expression muparser refused, in our words, for the
// formula fee rule and governance rules alike: the unknown name with a "did
// you mean", a number too large to read, a character that has no place in
// an expression, or muparser's own complaint; then the 1-based character.
#pragma once

#include <cctype>
#include <string>
#include <vector>

#include <muParser.h>

#include "core/suggest.h"

namespace mutualab {

inline std::string formulaProblem(const std::string& expr, const mu::Parser::exception_type& e,
                                  const std::vector<std::string>& names) {
  std::string what = e.GetMsg();
  // muparser ends its messages with its own 0-based position; ours is 1-based.
  for (const char* tail : {" found at position", " at expression position", " at position"})
    if (const auto at = what.find(tail); at != std::string::npos) what.erase(at);
  while (!what.empty() && (what.back() == '.' || what.back() == ' ')) what.pop_back();
  std::string message = what;
  if (e.GetCode() == mu::ecUNASSIGNABLE_TOKEN && !e.GetToken().empty()) {
    std::string token = e.GetToken();
    while (!token.empty() && token.back() == ' ') token.pop_back();
    const size_t first = token.find_first_not_of(' ');
    const char c = first == std::string::npos ? ' ' : token[first];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      // muparser reads no number beyond a double's range (1e400) and says it does not know the "name".
      message = "cannot read the number '" + token.substr(first) + "' (a number must be at most about 1.8e308)";
    } else if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_') {
      message = std::string("unexpected character '") + c + "'";
    } else {
      message = "unknown name '" + token + "'";
      if (const std::string near = nearestName(token, names); !near.empty()) message += " (did you mean '" + near + "'?)";
    }
  }
  if (e.GetPos() >= 0 && static_cast<size_t>(e.GetPos()) < expr.size())
    message += " at character " + std::to_string(e.GetPos() + 1);
  else if (e.GetPos() >= 0)
    message += " at the end";
  return message;
}

}  // namespace mutualab
