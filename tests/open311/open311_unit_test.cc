// The pure parts of Open311 support: answer validation against a service's
// questions, the status mapping both ways, and the XML/JSON writer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "api/open311_format.h"
#include "api/open311_status.h"
#include "domain/catalogue.h"

namespace sigap {
namespace {

using api::open311::Value;
using domain::Action;
using domain::AttributeType;
using domain::CaseStatus;

std::vector<domain::ServiceAttribute> Questions() {
  domain::ServiceAttribute kind{
      "JENIS", true,    AttributeType::kSingleValueList,           true, "",
      1,       "Jenis", {{"lubang", "Lubang"}, {"retak", "Retak"}}};
  domain::ServiceAttribute width{"LEBAR", true, AttributeType::kNumber, false, "", 2, "Lebar", {}};
  domain::ServiceAttribute since{"SEJAK", true, AttributeType::kDatetime, false, "", 3,
                                 "Sejak", {}};
  domain::ServiceAttribute waste{
      "SAMPAH", true,     AttributeType::kMultiValueList,        false, "",
      4,        "Sampah", {{"plastik", "Plastik"}, {"b3", "B3"}}};
  domain::ServiceAttribute note{"INFO", false, AttributeType::kText, false, "", 5, "Info", {}};
  return {kind, width, since, waste, note};
}

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.code);
  return out;
}

TEST(ValidateAnswers, AcceptsWellFormedAnswers) {
  auto errors = domain::ValidateAnswers(Questions(), {{"JENIS", {"lubang"}},
                                                      {"LEBAR", {"1.5"}},
                                                      {"SEJAK", {"2026-12-01T08:00:00+07:00"}},
                                                      {"SAMPAH", {"plastik", "b3"}}});

  EXPECT_TRUE(errors.empty()) << Fields(errors).front();
}

TEST(ValidateAnswers, NamesEveryBadAnswer) {
  auto errors = domain::ValidateAnswers(Questions(), {{"JENIS", {"meteor"}},
                                                      {"LEBAR", {"lebar"}},
                                                      {"SEJAK", {"kemarin"}},
                                                      {"SAMPAH", {"kaca"}},
                                                      {"INFO", {"x"}},
                                                      {"ASING", {"1"}}});

  EXPECT_EQ(Fields(errors),
            (std::vector<std::string>{
                "attribute[JENIS]:invalid_value", "attribute[LEBAR]:invalid_format",
                "attribute[SEJAK]:invalid_format", "attribute[SAMPAH]:invalid_value",
                "attribute[INFO]:not_a_question", "attribute[ASING]:unknown"}));
}

TEST(ValidateAnswers, RequiredQuestionsOnlyWhenAsked) {
  EXPECT_EQ(Fields(domain::ValidateAnswers(Questions(), {})),
            (std::vector<std::string>{"attribute[JENIS]:required"}));
  EXPECT_TRUE(domain::ValidateAnswers(Questions(), {}, false).empty());
}

TEST(ValidateAnswers, OnlyAMultiValueListTakesSeveralValues) {
  auto errors = domain::ValidateAnswers(Questions(), {{"JENIS", {"lubang", "retak"}}});

  EXPECT_EQ(Fields(errors), (std::vector<std::string>{"attribute[JENIS]:too_many"}));
}

// Numbers as people write them, not what strtod also reads; an empty
// answer is no answer (named once, as required); an answer given twice is
// refused.
TEST(ValidateAnswers, NumbersEmptyAndRepeatedAnswers) {
  for (const std::string ok : {"30", "1.5", "1,5", "-2", "+0.25"}) {
    EXPECT_TRUE(
        domain::ValidateAnswers(Questions(), {{"JENIS", {"lubang"}}, {"LEBAR", {ok}}}).empty())
        << ok;
  }
  for (const std::string bad : {"0x10", " 30", "30 ", "1e3", "1.", ".5", "nan", "inf", "1.2.3"}) {
    EXPECT_EQ(
        Fields(domain::ValidateAnswers(Questions(), {{"JENIS", {"lubang"}}, {"LEBAR", {bad}}})),
        (std::vector<std::string>{"attribute[LEBAR]:invalid_format"}))
        << bad;
  }
  EXPECT_EQ(Fields(domain::ValidateAnswers(Questions(), {{"JENIS", {""}}})),
            (std::vector<std::string>{"attribute[JENIS]:required"}));
  EXPECT_EQ(Fields(domain::ValidateAnswers(
                Questions(), {{"JENIS", {"lubang"}}, {"SAMPAH", {"plastik", "plastik"}}})),
            (std::vector<std::string>{"attribute[SAMPAH]:repeated"}));
}

TEST(Open311Status, ClosedOnceResolvedRejectedOrMerged) {
  EXPECT_EQ(api::open311::OpenOrClosed(CaseStatus::kReceived), "open");
  EXPECT_EQ(api::open311::OpenOrClosed(CaseStatus::kInProgress), "open");
  EXPECT_EQ(api::open311::OpenOrClosed(CaseStatus::kResolved), "closed");
  EXPECT_EQ(api::open311::OpenOrClosed(CaseStatus::kRejected), "closed");
  EXPECT_EQ(api::open311::OpenOrClosed(CaseStatus::kMerged), "closed");
}

TEST(Open311Status, EventsMapToExtendedStatuses) {
  using api::open311::ExtendedStatusOf;
  EXPECT_EQ(ExtendedStatusOf("verified", "{}"), "investigating");
  EXPECT_EQ(ExtendedStatusOf("disposed", "{}"), "action_scheduled");
  EXPECT_EQ(ExtendedStatusOf("forwarded", "{}"), "internal_referral");
  EXPECT_EQ(ExtendedStatusOf("started", "{}"), "in_progress");
  EXPECT_EQ(ExtendedStatusOf("resolved", "{}"), "fixed");
  EXPECT_EQ(ExtendedStatusOf("closed", "{}"), "closed");
  EXPECT_EQ(ExtendedStatusOf("merged", "{}"), "duplicate");
  EXPECT_EQ(ExtendedStatusOf("rejected", R"({"reason":"duplicate"})"), "duplicate");
  EXPECT_EQ(ExtendedStatusOf("rejected", R"({"reason":"out_of_scope"})"),
            "not_councils_responsibility");
  EXPECT_EQ(ExtendedStatusOf("rejected", R"({"reason":"abusive"})"), "no_further_action");
  EXPECT_EQ(ExtendedStatusOf("public_update", "{}"), std::nullopt);
  // A report rejected as incomplete and completed by its citizen is open
  // again, not "no further action"; an answer to a question changes nothing.
  EXPECT_EQ(ExtendedStatusOf("info_provided", R"({"text":"x","completed":true})"), "open");
  EXPECT_EQ(ExtendedStatusOf("info_provided", R"({"text":"x","clock":"resumed"})"), std::nullopt);
}

TEST(Open311Status, PostedStatusesBecomeTheActionTheCaseAllows) {
  using api::open311::ActionForStatus;
  EXPECT_EQ(ActionForStatus("investigating", CaseStatus::kReceived)->action, Action::kVerify);
  EXPECT_EQ(ActionForStatus("investigating", CaseStatus::kDisposed)->action, Action::kPublicUpdate);
  EXPECT_EQ(ActionForStatus("in_progress", CaseStatus::kDisposed)->action, Action::kStart);
  EXPECT_EQ(ActionForStatus("fixed", CaseStatus::kInProgress)->action, Action::kResolve);
  EXPECT_EQ(ActionForStatus("closed", CaseStatus::kResolved)->action, Action::kClose);
  EXPECT_EQ(ActionForStatus("open", CaseStatus::kClosed)->action, Action::kReopen);
  EXPECT_EQ(ActionForStatus("open", CaseStatus::kReceived)->action, Action::kPublicUpdate);
  EXPECT_EQ(ActionForStatus("duplicate", CaseStatus::kVerified)->reason, "duplicate");
  EXPECT_EQ(ActionForStatus("duplicate", CaseStatus::kInProgress)->action, Action::kMerge);
  EXPECT_EQ(ActionForStatus("not_councils_responsibility", CaseStatus::kReceived)->reason,
            "out_of_scope");
  EXPECT_EQ(ActionForStatus("internal_referral", CaseStatus::kVerified)->action, Action::kDispose);
  EXPECT_EQ(ActionForStatus("internal_referral", CaseStatus::kInProgress)->action,
            Action::kForward);
  // Not verified yet: no agency can have it; the update is kept.
  EXPECT_EQ(ActionForStatus("internal_referral", CaseStatus::kReceived)->action,
            Action::kPublicUpdate);
  EXPECT_FALSE(ActionForStatus("meledak", CaseStatus::kReceived).has_value());
}

TEST(Open311Format, XmlEscapesTextAndJsonKeepsTypes) {
  Value v = Value::List("request");
  v.Push(Value::Object()
             .Add("description", Value::String("a < b & \"c\" </description>"))
             .Add("lat", Value::Number(-6.9932))
             .Add("required", Value::Bool(true))
             .Add("zipcode", Value::Null()));

  const std::string xml = api::open311::Render(api::open311::Format::kXml, "service_requests", v);
  const std::string json = api::open311::Render(api::open311::Format::kJson, "ignored", v);

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  auto r = doc.child("service_requests").child("request");
  EXPECT_EQ(std::string(r.child_value("description")), "a < b & \"c\" </description>");
  EXPECT_EQ(std::string(r.child_value("lat")), "-6.9932");
  EXPECT_TRUE(r.child("zipcode"));
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j[0]["lat"], -6.9932);
  EXPECT_EQ(j[0]["required"], true);
  EXPECT_TRUE(j[0]["zipcode"].is_null());
}

}  // namespace
}  // namespace sigap
