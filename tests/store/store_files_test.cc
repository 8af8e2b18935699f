// The Store contract for attached files: kept once per Pemda by their
// SHA-256, read back byte for byte (zero bytes included), invisible to
// another Pemda; uploads that no case names are purged once old.
#include <future>

#include "store/store_fixture.h"

namespace sigap::store {
namespace {

template <typename Backend>
class StoreFiles : public testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Open(dir_);
    pemda_ = *store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"});
    other_ = *store_->SavePemda({0, "33.22", "Kabupaten Semarang", "Asia/Jakarta"});
  }

  StoredFile File(std::string sha256, int64_t seconds) const {
    return {std::move(sha256), "image/jpeg", std::string("\xff\xd8\xff\xd9", 4),
            FromMicros(seconds * 1'000'000)};
  }

  // A case whose submission attaches the file `sha256`.
  NewCase CaseWith(std::string sha256, uint32_t salt) const {
    NewCase c;
    c.pemda_id = pemda_;
    c.submission.kind = domain::CaseKind::kComplaint;
    c.submission.title = "Jalan berlubang";
    c.submission.description = "Lubang besar di depan pasar, foto terlampir.";
    c.submission.attachments.push_back({"lubang.jpg", "image/jpeg", 4, std::move(sha256), ""});
    c.agency_code = "DPU";
    c.salt = salt;
    c.created_at = FromMicros(int64_t{1'780'000'500} * 1'000'000);
    return c;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  PemdaId pemda_ = 0;
  PemdaId other_ = 0;
};

using Backends = StoreBackends;
TYPED_TEST_SUITE(StoreFiles, Backends);

TYPED_TEST(StoreFiles, AFileIsKeptOnceAndReadBackByteForByte) {
  const std::string bytes("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02\x00\xff\xd9", 16);
  const StoredFile file{"ab12", "image/jpeg", bytes, FromMicros(1'780'000'000'000'000)};

  auto first = this->store_->SaveFile(this->pemda_, file);
  auto again = this->store_->SaveFile(this->pemda_, file);
  auto found = this->store_->FindFile(this->pemda_, "ab12");
  auto elsewhere = this->store_->FindFile(this->other_, "ab12");
  auto unknown = this->store_->FindFile(this->pemda_, "cd34");

  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(again.has_value()) << again.error().message;
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->data, bytes);
  EXPECT_EQ(found->data.size(), 16u);
  EXPECT_EQ(found->content_type, "image/jpeg");
  EXPECT_EQ(found->created_at, file.created_at);
  ASSERT_FALSE(elsewhere.has_value());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreFiles, UploadsNoCaseNamesArePurgedOnceOldAndNamedOnesKept) {
  Store& store = *this->store_;
  const int64_t t0 = 1'780'000'000;
  ASSERT_TRUE(store.SaveFile(this->pemda_, this->File("aa01", t0)));         // named by a case
  ASSERT_TRUE(store.SaveFile(this->pemda_, this->File("aa02", t0)));         // named by an import
  ASSERT_TRUE(store.SaveFile(this->pemda_, this->File("aa03", t0)));         // never named
  ASSERT_TRUE(store.SaveFile(this->pemda_, this->File("aa04", t0 + 7200)));  // too recent
  ASSERT_TRUE(store.SaveFile(this->other_, this->File("aa01", t0)));         // another Pemda's copy
  std::promise<Result<SubmitReceipt>> filed;
  store.SubmitCase(this->CaseWith("aa01", 11),
                   [&](Result<SubmitReceipt> r) { filed.set_value(std::move(r)); });
  const auto one = filed.get_future().get();
  ASSERT_TRUE(one.has_value()) << one.error().message;
  const auto imported = store.SubmitCases({this->CaseWith("aa02", 12)});
  ASSERT_TRUE(imported.has_value()) << imported.error().message;

  const auto purged = store.PurgeUnnamedFiles(FromMicros((t0 + 3600) * 1'000'000));
  const auto again = store.PurgeUnnamedFiles(FromMicros((t0 + 3600) * 1'000'000));

  ASSERT_TRUE(purged.has_value()) << purged.error().message;
  EXPECT_EQ(*purged, 2);  // aa03, and the other Pemda's aa01 its cases never named
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, 0);
  EXPECT_TRUE(store.FindFile(this->pemda_, "aa01").has_value());
  EXPECT_TRUE(store.FindFile(this->pemda_, "aa02").has_value());
  EXPECT_FALSE(store.FindFile(this->pemda_, "aa03").has_value());
  EXPECT_TRUE(store.FindFile(this->pemda_, "aa04").has_value());
  EXPECT_FALSE(store.FindFile(this->other_, "aa01").has_value());
}

TYPED_TEST(StoreFiles, FilesKeptBeforeUploadsCouldBePurgedAreNeverPurged) {
  Store& store = *this->store_;
  ASSERT_TRUE(store.SaveFile(this->pemda_, this->File("bb01", 1'780'000'000)));
  // As migration 0026 found the files of an older Sigap: named.
  ASSERT_EQ(TypeParam::ExecSql(this->dir_, "UPDATE attachments SET named = TRUE"), "");

  const auto purged = store.PurgeUnnamedFiles(FromMicros(int64_t{1'790'000'000} * 1'000'000));

  ASSERT_TRUE(purged.has_value()) << purged.error().message;
  EXPECT_EQ(*purged, 0);
  EXPECT_TRUE(store.FindFile(this->pemda_, "bb01").has_value());
}

}  // namespace
}  // namespace sigap::store
