// The Store contract for attached files: kept once per Pemda by their
// SHA-256, read back byte for byte (zero bytes included), invisible to
// another Pemda.
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

}  // namespace
}  // namespace sigap::store
