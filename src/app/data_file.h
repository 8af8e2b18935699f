#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/result.h"

namespace sigap::app {

// Reading Sigap's data files (calendars, demo catalogue, boundaries). Every
// error names the file.

// Reads a whole file; kNotFound naming the file when it cannot be opened.
[[nodiscard]] Result<std::string> ReadTextFile(const std::filesystem::path& path);

// Reads and parses a JSON file; kInvalidArgument naming the file when it is
// not valid JSON.
[[nodiscard]] Result<nlohmann::json> ReadJsonFile(const std::filesystem::path& path);

// kInvalidArgument with "<file>: <what>", for a problem inside a data file.
tl::unexpected<Error> InvalidFile(const std::filesystem::path& file, const std::string& what);

}  // namespace sigap::app
