// Text from the core that may hold a file name's bytes (a scenario's source,
// an error naming a path), as a Python str. A name that is not UTF-8 (as
// os.listdir gives it, with lone surrogates) reads back as Python spells it:
// pybind11's strict decoding would raise UnicodeDecodeError instead.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

namespace mutualab::python {

inline pybind11::str pathText(const std::string& s) {
  return pybind11::reinterpret_steal<pybind11::str>(
      PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape"));
}

}  // namespace mutualab::python
