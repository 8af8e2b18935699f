#include "app/data_file.h"

#include <fstream>
#include <sstream>

namespace sigap::app {

Result<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kUnavailable, path.string() + ": read error");
  return text.str();
}

Result<nlohmann::json> ReadJsonFile(const std::filesystem::path& path) {
  auto text = ReadTextFile(path);
  if (!text) return Fail(text.error());
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidFile(path, "not valid JSON");
  return doc;
}

tl::unexpected<Error> InvalidFile(const std::filesystem::path& file, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, file.string() + ": " + what);
}

}  // namespace sigap::app
