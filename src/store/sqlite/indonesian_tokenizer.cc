#include "store/sqlite/indonesian_tokenizer.h"

#include <libstemmer.h>
#include <sqlite3.h>

#include <cstring>
#include <memory>

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

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// One per FTS5 table and connection; a connection is used by one thread at
// a time, and so is its stemmer.
struct Tokenizer {
  fts5_tokenizer words{};  // unicode61's functions
  Fts5Tokenizer* words_instance = nullptr;
  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer;

  ~Tokenizer() {
    if (words_instance != nullptr) words.xDelete(words_instance);
  }
};

// What one xTokenize call hands to each of unicode61's words.
struct Call {
  Tokenizer* self = nullptr;
  int flags = 0;
  void* context = nullptr;
  int (*emit)(void*, int, const char*, int, int, int) = nullptr;
};

// A word of four or more letters may carry an affix; numbers, codes and
// words of other scripts are kept as they are.
bool Stemmable(const char* token, int size) {
  if (size < 4) return false;
  for (int i = 0; i < size; ++i) {
    if (token[i] < 'a' || token[i] > 'z') return false;
  }
  return true;
}

int OnWord(void* context, int tflags, const char* token, int size, int start, int end) {
  const Call& call = *static_cast<const Call*>(context);
  const bool prefix = (call.flags & FTS5_TOKENIZE_PREFIX) != 0;
  const bool aux = (call.flags & FTS5_TOKENIZE_AUX) != 0;
  if (prefix || aux || !Stemmable(token, size)) {
    return call.emit(call.context, tflags, token, size, start, end);
  }
  sb_stemmer* stemmer = call.self->stemmer.get();
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(token), size);
  if (stem == nullptr) return SQLITE_NOMEM;
  const int stem_size = sb_stemmer_length(stemmer);
  const char* stem_text = reinterpret_cast<const char*>(stem);
  const bool same =
      stem_size == 0 ||
      (stem_size == size && std::memcmp(stem_text, token, static_cast<size_t>(size)) == 0);
  if (same) return call.emit(call.context, tflags, token, size, start, end);
  // A query looks a word up by its stem, which every form of it indexed.
  if ((call.flags & FTS5_TOKENIZE_QUERY) != 0) {
    return call.emit(call.context, tflags, stem_text, stem_size, start, end);
  }
  if (const int rc = call.emit(call.context, tflags, token, size, start, end); rc != SQLITE_OK) {
    return rc;
  }
  return call.emit(call.context, FTS5_TOKEN_COLOCATED, stem_text, stem_size, start, end);
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
  self->stemmer.reset(sb_stemmer_new("indonesian", "UTF_8"));
  if (!self->stemmer) return SQLITE_ERROR;
  *out = reinterpret_cast<Fts5Tokenizer*>(self.release());
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

int Tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int size,
             int (*emit)(void*, int, const char*, int, int, int)) {
  auto* self = reinterpret_cast<Tokenizer*>(tokenizer);
  Call call{self, flags, context, emit};
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
