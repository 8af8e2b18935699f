#include "app/data_file.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace sigap::app {

Result<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, path.string() + ": cannot open");
  // A file of known size is read into a string of that size at once:
  // copied through a growing std::ostringstream, a 60 MB survey took three
  // times the memory and most of `sigap ikm`'s time (bench/RESULTS.md).
  std::error_code ec;
  const auto size = std::filesystem::is_regular_file(path, ec)
                        ? std::filesystem::file_size(path, ec)
                        : std::uintmax_t{0};
  std::string text;
  if (!ec && size > 0) {
    text.resize(size);
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  if (in.good()) {  // a pipe, or a file that grew since its size was read
    std::ostringstream rest;
    rest << in.rdbuf();
    text += std::move(rest).str();
  }
  if (in.bad()) return Fail(ErrorCode::kUnavailable, path.string() + ": read error");
  return text;
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
