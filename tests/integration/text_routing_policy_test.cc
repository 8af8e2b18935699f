// The Pemda's policy for routing by text (issue 8), over HTTP against the
// real `sigap`: an administrator lets confident proposals be disposed
// without a verifier and sees a case disposed by Sigap with its basis on
// the timeline; turns it off again; trains a model now; turns on automatic
// retraining and sees a new disposition start one; raises the target
// precision and sees the model retrained for it; rolls back to an earlier
// model. Bad policies are refused naming the field, and only
// administrators reach any of it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "integration/lifecycle_server.h"

namespace sigap::integration {
namespace {

using nlohmann::json;

// Reports of three of the demo's agencies, told apart by their words.
void WriteCorpus(const std::filesystem::path& file) {
  std::ofstream out(file);
  out << "subject,text,agency\n";
  const char* roads[] = {"jalan berlubang", "aspal jalan rusak", "jalan retak dan berlubang",
                         "trotoar jalan rusak"};
  const char* traffic[] = {"lampu lalu lintas mati", "parkir liar di bahu jalan",
                           "rambu lalu lintas hilang", "angkot ngetem di simpang"};
  const char* order[] = {"pedagang kaki lima berjualan di trotoar", "bangunan liar tanpa izin",
                         "reklame liar dipasang di pohon", "tempat hiburan buka sampai subuh"};
  for (int i = 0; i < 24; ++i) {
    const std::string n = std::to_string(i);
    out << roads[i % 4] << "," << roads[i % 4] << " di gang " << n
        << " mohon segera diperbaiki aspalnya,DPU\n";
    out << traffic[i % 4] << "," << traffic[i % 4] << " di simpang " << n
        << " mohon ditertibkan petugas perhubungan,DISHUB\n";
    out << order[i % 4] << "," << order[i % 4] << " di kelurahan " << n
        << " mohon ditertibkan satpol,SATPOLPP\n";
  }
}

json RoadComplaint(int n) {
  return json{{"kind", "complaint"},
              {"title", "Jalan berlubang"},
              {"description", "Jalan berlubang di gang " + std::to_string(n) +
                                  " mohon segera diperbaiki aspalnya"},
              {"reporter", {{"name", "Sri Wahyuni"}, {"email", "sri.kebijakan@example.id"}}}};
}

class TextRoutingPolicy : public testing::Test {
 protected:
  // A model file trained on WriteCorpus's reports, at `model`.
  static void TrainModel(const std::filesystem::path& model) {
    const auto corpus = model.parent_path() / "corpus.csv";
    WriteCorpus(corpus);
    auto trained = RunSigap(
        {"train", "--from", corpus.string(), "--output", model.string(), "--min-per-class", "5"});
    ASSERT_EQ(trained.exit_code, 0) << trained.err;
  }

  json Overview(LifecycleServer& server) {
    auto r = server.Call("GET", "/api/v1/routing/text", server.Officer("admin"));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }

  json Put(LifecycleServer& server, const json& body, int expected = 200) {
    auto r =
        server.Call("PUT", "/api/v1/routing/text/settings", server.Officer("admin"), body.dump());
    EXPECT_EQ(r.status, expected) << r.body;
    return json::parse(r.body, nullptr, false);
  }

  // Waits until no training is queued or running and `done` holds.
  json WaitForTraining(LifecycleServer& server, const std::function<bool(const json&)>& done) {
    json seen;
    const bool ok = LifecycleServer::WaitFor(
        [&] {
          seen = Overview(server);
          const json& t = seen["training"];
          return !t.value("queued", true) && !t.value("running", true) && done(seen);
        },
        std::chrono::seconds(300));
    EXPECT_TRUE(ok) << seen.dump();
    return seen;
  }

  std::string Status(LifecycleServer& server, const std::string& code) {
    auto r = server.Call("GET", "/api/v1/cases/" + code, server.Officer("verifikator"));
    return json::parse(r.body, nullptr, false).value("status", "");
  }
};

TEST_F(TextRoutingPolicy, AutomaticDispositionRetrainingAndRollbackFollowThePolicy) {
  ServerProcess trainer;
  const auto model = trainer.dir() / "agency.model";
  ASSERT_NO_FATAL_FAILURE(TrainModel(model));

  LifecycleServer server(
      {}, {{"SIGAP_ROUTING_MODEL", model.string()}, {"SIGAP_ROUTING_RETRAIN_CHECK_SECONDS", "1"}});
  ASSERT_TRUE(server.Start());
  const http::Headers admin = server.Officer("admin");

  // The defaults: propose only, nothing saved, the file's model in use.
  json o = Overview(server);
  EXPECT_EQ(o["settings"]["id"], 0);
  EXPECT_EQ(o["settings"]["auto_dispose"], false);
  EXPECT_EQ(o["settings"]["retrain_min_new"], 0);
  ASSERT_TRUE(o["active"].is_object()) << o.dump();
  EXPECT_EQ(o["active"]["source"], "file");
  EXPECT_TRUE(o["models"].empty());
  auto denied = server.Call("GET", "/api/v1/routing/text", server.Officer("verifikator"));
  EXPECT_EQ(denied.status, 403);

  // A bad policy is refused as a whole, naming each field.
  json refused = Put(
      server, {{"auto_dispose", "ya"}, {"target_precision", 1.5}, {"retrain_min_new", 2.5}}, 422);
  std::set<std::string> fields;
  for (const auto& e : refused["errors"]) fields.insert(e.value("field", ""));
  EXPECT_EQ(fields, (std::set<std::string>{"auto_dispose", "target_precision", "retrain_min_new",
                                           "reason"}))
      << refused.dump();
  // A reason that is only blanks, or carries control characters, is no reason.
  for (const char* reason : {"   ",
                             "Uji\x07"
                             "coba"}) {
    json bad = Put(server, {{"auto_dispose", true}, {"reason", reason}}, 422);
    ASSERT_EQ(bad["errors"].size(), 1u) << bad.dump();
    EXPECT_EQ(bad["errors"][0]["field"], "reason") << bad.dump();
  }
  EXPECT_EQ(Overview(server)["history"].size(), 0u);

  // Automatic disposition on: a clear report is verified and disposed by
  // Sigap, which says why on the internal timeline.
  o = Put(server, {{"auto_dispose", true}, {"reason", "Uji coba disposisi otomatis"}});
  EXPECT_EQ(o["settings"]["auto_dispose"], true);
  EXPECT_EQ(o["settings"]["changed_by"], "user:admin");
  // Who changed it, by the officer's full name (the demo's admin).
  EXPECT_EQ(o["settings"]["changed_by_name"], "Novi Anggraeni");
  ASSERT_EQ(o["history"].size(), 1u);
  EXPECT_EQ(o["history"][0]["changed_by_name"], "Novi Anggraeni");
  ASSERT_TRUE(o["active"].value("auto_ready", false)) << o.dump();
  const Receipt automatic = server.Submit(RoadComplaint(3));
  ASSERT_TRUE(LifecycleServer::WaitFor([&] {
    return Status(server, automatic.code) == "disposed";
  })) << Status(server, automatic.code);
  json timeline = server.Timeline(automatic.code, server.Officer("verifikator"));
  int by_sigap = 0;
  for (const auto& e : timeline["events"]) {
    const std::string kind = e.value("kind", "");
    if (kind != "verified" && kind != "disposed") continue;
    EXPECT_EQ(e.value("actor", ""), "system") << e.dump();
    EXPECT_NE(e["payload"].value("automatic", "").find("p="), std::string::npos) << e.dump();
    if (kind == "disposed") {
      EXPECT_EQ(e["payload"].value("agency_code", ""), "DPU");
    }
    ++by_sigap;
  }
  EXPECT_EQ(by_sigap, 2) << timeline.dump();

  // Off again: the next one is only proposed and waits for a verifier.
  Put(server, {{"auto_dispose", false}, {"reason", "Kembali ke usulan saja"}});
  const Receipt proposed = server.Submit(RoadComplaint(5));
  ASSERT_TRUE(LifecycleServer::WaitFor([&] {
    auto r = server.Call("GET", "/api/v1/cases/" + proposed.code, server.Officer("verifikator"));
    const json c = json::parse(r.body, nullptr, false);
    return c.is_object() && c.contains("routing") &&
           c["routing"].value("text_suggestion", json(nullptr)).is_object();
  }));
  EXPECT_EQ(Status(server, proposed.code), "received");

  // Train now: a model from the demo's dispositions goes into the
  // database and takes over from the file.
  auto queued = server.Call("POST", "/api/v1/routing/text/train", admin, "{}");
  ASSERT_EQ(queued.status, 202) << queued.body;
  o = WaitForTraining(server, [](const json& v) { return v["models"].size() == 1; });
  ASSERT_EQ(o["models"].size(), 1u) << o.dump();
  const json first = o["models"][0];
  EXPECT_TRUE(first.value("active", false));
  EXPECT_EQ(o["active"]["source"], "database");
  EXPECT_EQ(o["active"]["version"], first["version"]);
  EXPECT_EQ(o["training"]["last"]["trigger"], "request");
  EXPECT_EQ(o["training"]["last"]["requested_by"], "user:admin");
  EXPECT_EQ(o["training"]["last"]["requested_by_name"], "Novi Anggraeni");
  EXPECT_EQ(first.value("created_by_name", ""), "Novi Anggraeni") << first.dump();

  // Automatic retraining after every new disposition: disposing one case
  // starts the next training by itself.
  Put(server, {{"retrain_min_new", 1}, {"reason", "Latih ulang setiap disposisi"}});
  const http::Headers verifier = server.Officer("verifikator");
  server.Must(proposed.code, verifier, {{"action", "verify"}});
  server.Must(proposed.code, verifier, {{"action", "dispose"}, {"agency_code", "DPU"}});
  o = WaitForTraining(server, [](const json& v) { return v["models"].size() == 2; });
  ASSERT_EQ(o["models"].size(), 2u) << o.dump();
  EXPECT_EQ(o["training"]["last"]["trigger"], "new_dispositions");
  EXPECT_EQ(o["training"]["last"]["requested_by"], "system");
  EXPECT_FALSE(o["training"]["last"].contains("requested_by_name")) << o.dump();

  // A higher target precision: the model is retrained for it.
  o = Put(server,
          {{"target_precision", 0.98}, {"retrain_min_new", 0}, {"reason", "Presisi lebih ketat"}});
  EXPECT_DOUBLE_EQ(o["settings"]["target_precision"].get<double>(), 0.98);
  o = WaitForTraining(server, [](const json& v) {
    return v["models"].size() >= 3 && v["active"].value("target_precision", 0.0) == 0.98;
  });
  ASSERT_GE(o["models"].size(), 3u) << o.dump();
  EXPECT_EQ(o["training"]["last"]["trigger"], "settings_changed");
  // Nothing was disposed since the model before: nothing shows it worse,
  // so the model for the new target is the one in use.
  EXPECT_TRUE(o["training"]["last"]["report"].value("promoted", false)) << o.dump();
  EXPECT_DOUBLE_EQ(o["active"].value("target_precision", 0.0), 0.98);

  // Rollback to the first model in one click.
  auto rolled = server.Call(
      "POST", "/api/v1/routing/text/models/" + first["id"].dump() + "/activate", admin, "{}");
  ASSERT_EQ(rolled.status, 200) << rolled.body;
  o = json::parse(rolled.body);
  EXPECT_EQ(o["active"]["version"], first["version"]);
  auto unknown = server.Call("POST", "/api/v1/routing/text/models/999999/activate", admin, "{}");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  // What to train is named: the agency's model or the category's, nothing else.
  auto service =
      server.Call("POST", "/api/v1/routing/text/train", admin, R"({"target":"service"})");
  EXPECT_EQ(service.status, 422) << service.body;
  EXPECT_NE(service.body.find("\"target\""), std::string::npos) << service.body;
  auto extra = server.Call("POST", "/api/v1/routing/text/train", admin, R"({"when":"now"})");
  EXPECT_EQ(extra.status, 422) << extra.body;
  EXPECT_NE(extra.body.find("\"when\""), std::string::npos) << extra.body;
  EXPECT_TRUE(Overview(server)["category_models"].empty());
  EXPECT_EQ(Overview(server)["history"].size(), 4u);
}

// A case the router never read (filed while the server had no model) is
// caught up on after a restart: it gets its suggestion, but a policy of
// automatic disposition saved after it was filed does not dispose it; a
// case filed under the policy is disposed.
TEST_F(TextRoutingPolicy, ACaseCaughtUpOnIsNotDisposedByAPolicyNewerThanIt) {
  ServerProcess trainer;
  const auto model = trainer.dir() / "agency.model";
  ASSERT_NO_FATAL_FAILURE(TrainModel(model));
  LifecycleServer server({});
  ASSERT_TRUE(server.Start());
  const Receipt before = server.Submit(RoadComplaint(7));

  server.process().AddEnv("SIGAP_ROUTING_MODEL", model.string());
  ASSERT_TRUE(server.process().Restart());
  Put(server, {{"auto_dispose", true}, {"reason", "Disposisi otomatis mulai hari ini"}});
  const Receipt under = server.Submit(RoadComplaint(3));
  const std::string suggested_before =
      "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
      "WHERE c.tracking_code = '" +
      before.code + "' AND e.kind = 'routing_suggested'";

  ASSERT_TRUE(LifecycleServer::WaitFor([&] { return Status(server, under.code) == "disposed"; }))
      << Status(server, under.code);
  ASSERT_TRUE(LifecycleServer::WaitFor([&] { return server.Sql(suggested_before)[0][0] == "1"; },
                                       std::chrono::seconds(60)));
  const auto decision = server.Sql(
      "SELECT e.payload LIKE '%\"decision\":\"auto\"%' FROM case_events e JOIN cases c "
      "ON c.id = e.case_id WHERE c.tracking_code = '" +
      before.code + "' AND e.kind = 'routing_suggested'");
  ASSERT_EQ(decision.size(), 1u);
  EXPECT_EQ(decision[0][0], "1");  // confident enough: only the policy's date held it back
  EXPECT_EQ(Status(server, before.code), "received");
}

}  // namespace
}  // namespace sigap::integration
