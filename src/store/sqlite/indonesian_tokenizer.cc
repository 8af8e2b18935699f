#include "store/sqlite/indonesian_tokenizer.h"

#include <sqlite3.h>

#include <memory>
#include <string_view>

#include "domain/indonesian_stem.h"

namespace sigap::store::sqlite {
namespace {

constexpr const char* kName = "sigap_indonesian";

// A connection's FTS5 API, by the handshake the FTS5 documentation gives.
fts5_api* Fts5Of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

// One per FTS5 table and connection: unicode61, whose words it stems.
struct Tokenizer {
  fts5_tokenizer words{};  // unicode61's functions
  Fts5Tokenizer* words_instance = nullptr;

  ~Tokenizer() {
    if (words_instance != nullptr) words.xDelete(words_instance);
  }
};

// What one xTokenize call hands to each of unicode61's words.
struct Call {
  int flags = 0;
  void* context = nullptr;
  int (*emit)(void*, int, const char*, int, int, int) = nullptr;
};

int OnWord(void* context, int tflags, const char* token, int size, int start, int end) {
  const Call& call = *static_cast<const Call*>(context);
  const bool prefix = (call.flags & FTS5_TOKENIZE_PREFIX) != 0;
  const bool aux = (call.flags & FTS5_TOKENIZE_AUX) != 0;
  const std::string_view word(token, static_cast<size_t>(size));
  if (prefix || aux || !domain::MayCarryAffix(word)) {
    return call.emit(call.context, tflags, token, size, start, end);
  }
  const std::string_view stem = domain::IndonesianStem(word);
  if (stem.empty() || stem == word) return call.emit(call.context, tflags, token, size, start, end);
  // A query looks a word up by its stem, which every form of it indexed.
  if ((call.flags & FTS5_TOKENIZE_QUERY) != 0) {
    return call.emit(call.context, tflags, stem.data(), static_cast<int>(stem.size()), start, end);
  }
  if (const int rc = call.emit(call.context, tflags, token, size, start, end); rc != SQLITE_OK) {
    return rc;
  }
  return call.emit(call.context, FTS5_TOKEN_COLOCATED, stem.data(), static_cast<int>(stem.size()),
                   start, end);
}

int Create(void* user, const char** args, int count, Fts5Tokenizer** out) {
  auto* api = static_cast<fts5_api*>(user);
  auto self = std::make_unique<Tokenizer>();
  void* words_user = nullptr;
  if (const int rc = api->xFindTokenizer(api, "unicode61", &words_user, &self->words);
      rc != SQLITE_OK) {
    return rc;
  }
  if (const int rc = self->words.xCreate(words_user, args, count, &self->words_instance);
      rc != SQLITE_OK) {
    return rc;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(self.release());
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int size,
             int (*emit)(void*, int, const char*, int, int, int)) {
  auto* self = reinterpret_cast<Tokenizer*>(tokenizer);
  Call call{flags, context, emit};
  return self->words.xTokenize(self->words_instance, &call, flags, text, size, &OnWord);
}

int RegisterWith(sqlite3* db, char** /*error*/, const sqlite3_api_routines* /*api*/) {
  fts5_api* fts5 = Fts5Of(db);
  if (fts5 == nullptr) return SQLITE_OK;  // no FTS5: the schema's own error says so
  static fts5_tokenizer tokenizer{&Create, &Delete, &Tokenize};
  return fts5->xCreateTokenizer(fts5, kName, fts5, &tokenizer, nullptr);
}

}  // namespace

bool RegisterIndonesianTokenizer() {
  static const bool registered =
      sqlite3_auto_extension(reinterpret_cast<void (*)(void)>(&RegisterWith)) == SQLITE_OK;
  return registered;
}

}  // namespace sigap::store::sqlite
