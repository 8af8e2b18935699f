// Routing by text (issue 8) end to end, over HTTP against the real `sigap`:
// train a model file on the shared SP4N-LAPOR! reports, serve with it,
// submit cases and see the suggestion on them (officers only), override it
// with a reason, retrain from the dispositions in the database, and see the
// override learnt.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

// The project's copy of the shared SP4N-LAPOR! reports (scripts/derive-data
// installs ../shared/data/complaints/lapor2017_agency_train.csv there).
const std::filesystem::path kShared =
    std::filesystem::path(SIGAP_SOURCE_DIR) / "data/demo/complaints.csv";

// A complaint without a service (no routing rule proposes anything) about
// a broken road by a traffic light: roads are DPU's, traffic lights DISHUB's.
json RoadComplaint() {
  return json{{"kind", "complaint"},
              {"title", "Jalan berlubang dekat lampu lalu lintas Simpang Lima"},
              {"description",
               "Jalan di dekat lampu lalu lintas Simpang Lima Kota Semarang berlubang besar dan "
               "tergenang, sudah banyak pengendara motor yang jatuh. Mohon segera diperbaiki."},
              {"location", {{"region_code", "33.74.01.1001"}}},
              {"reporter", {{"name", "Sri Wahyuni"}, {"email", "sri.routing@example.id"}}}};
}

class TextRouting : public testing::Test {
 protected:
  // The case as a verifier sees it, once the classifier has spoken.
  json SuggestedCase(LifecycleServer& server, const std::string& code) {
    json body;
    const bool spoke = LifecycleServer::WaitFor([&] {
      auto r = server.Call("GET", "/api/v1/cases/" + code, server.Officer("verifikator"));
      if (r.status != 200) return false;
      body = json::parse(r.body, nullptr, false);
      return body.is_object() && body.contains("routing") &&
             body["routing"].value("text_suggestion", json(nullptr)).is_object();
    });
    EXPECT_TRUE(spoke) << "no text suggestion on " << code << ": " << body.dump();
    return body;
  }
};

TEST_F(TextRouting, SuggestsOverridesAndLearnsTheOverride) {
  ASSERT_TRUE(std::filesystem::exists(kShared)) << kShared;
  ServerProcess trainer;
  const auto model = trainer.dir() / "agency.model";
  auto trained = RunSigap({"train", "--from", kShared.string(), "--output", model.string()}, "",
                          std::chrono::seconds(1200));
  ASSERT_EQ(trained.exit_code, 0) << trained.err;

  LifecycleServer server({}, {{"SIGAP_ROUTING_MODEL", model.string()}});
  ASSERT_TRUE(server.Start());
  const http::Headers verifier = server.Officer("verifikator");

  // The suggestion: three agencies, likeliest first, with the words behind
  // it; internal, so the public view does not carry it.
  const Receipt first = server.Submit(RoadComplaint());
  const Receipt second = server.Submit(RoadComplaint());
  json seen = SuggestedCase(server, first.code);
  json& s = seen["routing"]["text_suggestion"];
  ASSERT_EQ(s["top"].size(), 3u) << s.dump();
  EXPECT_GE(s["top"][0]["probability"].get<double>(), s["top"][1]["probability"].get<double>());
  EXPECT_EQ(s["top"][0]["agency_code"], "DPU") << s.dump();
  EXPECT_EQ(s["agency_code"], "DPU") << s.dump();
  EXPECT_FALSE(s["words"].empty());
  EXPECT_FALSE(s.value("model", "").empty());
  auto shown = server.Call("GET", "/api/v1/cases/" + first.code);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body.find("routing_suggested"), std::string::npos) << shown.body;
  EXPECT_EQ(shown.body.find("text_suggestion"), std::string::npos);

  // Overriding it needs a reason; the disposition records both.
  SuggestedCase(server, second.code);
  for (const auto& code : {first.code, second.code}) {
    server.Must(code, verifier, {{"action", "verify"}});
    auto refused = server.Act(code, verifier, {{"action", "dispose"}, {"agency_code", "DISHUB"}});
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("override_reason"), std::string::npos) << refused.body;
    server.Must(code, verifier,
                {{"action", "dispose"},
                 {"agency_code", "DISHUB"},
                 {"override_reason", "Lubang di simpang lampu lalu lintas: urusan Dishub"}});
  }
  json timeline = server.Timeline(first.code, verifier);
  const json* disposed = nullptr;
  for (const auto& e : timeline["events"]) {
    if (e.value("kind", "") == "disposed") disposed = &e;
  }
  ASSERT_NE(disposed, nullptr) << timeline.dump();
  EXPECT_EQ((*disposed)["payload"].value("text_suggestion", ""), "DPU");
  EXPECT_EQ((*disposed)["payload"].value("text_model", ""), s.value("model", ""));
  EXPECT_FALSE((*disposed)["payload"].value("override_reason", "").empty());

  // Retrained from the dispositions in the database (the demo's and these
  // two), the model is promoted and the next such report goes to DISHUB.
  // Training under ASan on 2 shared cores takes minutes.
  auto retrained = RunSigap({"train", "--db", server.process().db_path().string()}, "",
                            std::chrono::seconds(1200));
  ASSERT_EQ(retrained.exit_code, 0) << retrained.err;
  EXPECT_NE(retrained.out.find("promoted"), std::string::npos) << retrained.out;
  EXPECT_EQ(retrained.out.find("not promoted"), std::string::npos) << retrained.out;
  const Receipt third = server.Submit(RoadComplaint());
  const json learnt = SuggestedCase(server, third.code)["routing"]["text_suggestion"];
  EXPECT_EQ(learnt["top"][0]["agency_code"], "DISHUB") << learnt.dump();
  EXPECT_NE(learnt.value("model", ""), s.value("model", ""));

  // The model kept before is there for a rollback.
  auto listed = RunSigap({"train", "--db", server.process().db_path().string(), "--list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("active"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace sigap::integration
