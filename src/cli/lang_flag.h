#pragma once

#include <optional>
#include <string>

namespace sigap::cli {

// What is wrong with a command's --lang, the language of its words (`sigap
// ikm`, `sigap rules check|try|add`): "id" and "en" are known; else
// "--lang: 'x' harus id atau en (must be id or en)", in both languages,
// the user's being unknown.
inline std::optional<std::string> LangProblem(const std::string& lang) {
  if (lang == "id" || lang == "en") return std::nullopt;
  return "--lang: '" + lang + "' harus id atau en (must be id or en)";
}

}  // namespace sigap::cli
