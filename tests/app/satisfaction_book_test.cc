// The in-memory SKM tally keeps up with the database when several nodes
// write to it (issue 7): a response whose id is smaller than one already
// read (it committed later, on another node) is still counted, once.
#include "app/satisfaction_book.h"

#include <gtest/gtest.h>

#include <chrono>

#include "store/store_fixture.h"

namespace sigap::app {
namespace {

using namespace std::chrono;
using store::SqliteBackend;
using store::TempDir;

class StepClock : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Timestamp now = sys_days(year{2026} / 11 / 2) + hours(3);
};

class SatisfactionBookTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteBackend::Open(dir_);
    pemda_ = store_->SavePemda({0, "33.74", "Kota Semarang", "Asia/Jakarta"}).value_or(0);
    ASSERT_TRUE(store_->SaveAgency(pemda_, {"DPU", "Dinas Pekerjaan Umum", "dinas", "", ""}));
    book_ = std::make_unique<SatisfactionBook>(*store_, clock_);
    ASSERT_TRUE(book_->Load());
    store::Survey survey;
    survey.pemda_id = pemda_;
    survey.unit_code = "DPU";
    survey.period = "2026-11";
    survey.starts_on = year{2026} / 11 / 1;
    survey.ends_on = year{2026} / 11 / 30;
    auto created = book_->CreateSurvey(survey);
    ASSERT_TRUE(created.has_value()) << created.error().message;
    survey_ = created->id;
  }

  // A response written by another node straight into the database, with
  // the id its sequence gave it.
  void WriteElsewhere(int64_t id) {
    const std::string sql =
        "INSERT INTO survey_responses (id, pemda_id, survey_id, answers, answered_on, channel, "
        "created_at) VALUES (" +
        std::to_string(id) + ", " + std::to_string(pemda_) + ", " + std::to_string(survey_) +
        ", '[4,4,4,4,4,4,4,4,4]', '2026-11-02', 'api', 0)";
    ASSERT_EQ(SqliteBackend::ExecSql(dir_, sql), "");
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  domain::PemdaId pemda_ = 0;
  StepClock clock_;
  std::unique_ptr<SatisfactionBook> book_;
  int64_t survey_ = 0;
};

TEST_F(SatisfactionBookTest, AResponseCommittedLateWithASmallerIdIsCountedOnce) {
  WriteElsewhere(5);
  ASSERT_TRUE(book_->CatchUp(pemda_));
  ASSERT_EQ(book_->size(pemda_), 1u);

  // Ids 3 and 4 were taken by transactions that commit only now.
  WriteElsewhere(4);
  WriteElsewhere(7);
  ASSERT_TRUE(book_->CatchUp(pemda_));
  EXPECT_EQ(book_->size(pemda_), 3u);
  WriteElsewhere(3);
  ASSERT_TRUE(book_->CatchUp(pemda_));
  EXPECT_EQ(book_->size(pemda_), 4u);
  ASSERT_TRUE(book_->CatchUp(pemda_));
  EXPECT_EQ(book_->size(pemda_), 4u);  // nothing counted twice

  // Id 6 never comes (its transaction rolled back): the gap is given up
  // after a while, and new responses are still counted.
  clock_.now += minutes(5);
  WriteElsewhere(8);
  ASSERT_TRUE(book_->CatchUp(pemda_));
  EXPECT_EQ(book_->size(pemda_), 5u);
}

}  // namespace
}  // namespace sigap::app
