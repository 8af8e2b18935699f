// The webhook client: URL parsing, signatures, and calls to a real HTTP
// server on loopback.
#include "notify/webhook_client.h"

#include <gtest/gtest.h>

#include "support/webhook_receiver.h"

namespace sigap::notify {
namespace {

using test_support::WebhookReceiver;

TEST(WebhookUrl, HttpAndHttpsWithDefaultsPortsAndTargets) {
  auto a = ParseWebhookUrl("https://hooks.example.id/sigap?token=1");
  auto b = ParseWebhookUrl("http://10.0.0.5:8081");
  auto c = ParseWebhookUrl("HTTP://[::1]:9000?x=1");

  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->https);
  EXPECT_EQ(a->host, "hooks.example.id");
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/sigap?token=1");
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b->https);
  EXPECT_EQ(b->port, 8081);
  EXPECT_EQ(b->target, "/");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->port, 9000);
  EXPECT_EQ(c->target, "/?x=1");
}

TEST(WebhookUrl, OtherSchemesUserInfoAndBadPortsAreRefused) {
  for (const char* url :
       {"ftp://example.id/", "example.id/hook", "https://user:pw@example.id/", "https://:80/",
        "https://example.id:0/", "https://example.id:70000/", "https://example.id:/",
        "https://exa mple.id/", "https://example.id/a#frag", "https://exa_mple.id/",
        "https://[::1/", "http://example.id/\r\nX: y"}) {
    auto parsed = ParseWebhookUrl(url);

    ASSERT_FALSE(parsed.has_value()) << url;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(WebhookSignature, IsHexHmacSha256OfTheBody) {
  // RFC 4231, test case 2.
  EXPECT_EQ(WebhookSignature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// The receivers here listen on loopback, which webhooks reach only when
// the Pemda allows addresses of its own network.
WebhookSettings OwnNetwork() {
  WebhookSettings settings;
  settings.allow_private = true;
  return settings;
}

WebhookCall Call(const WebhookReceiver& receiver) {
  WebhookCall call;
  call.url = receiver.Url("/hooks/sigap?k=1");
  call.secret = "s3cret";
  call.event = "disposed";
  call.delivery_id = "42-1780000000000000";
  call.body = R"({"id":42,"event":"disposed"})";
  return call;
}

TEST(WebhookClient, PostsSignedJsonWithItsHeaders) {
  WebhookReceiver receiver;

  auto delivery = WebhookClient(OwnNetwork()).Post(Call(receiver));

  ASSERT_EQ(delivery.outcome, Outcome::kDelivered) << delivery.detail;
  auto calls = receiver.Calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].path, "/hooks/sigap");
  EXPECT_EQ(calls[0].body, R"({"id":42,"event":"disposed"})");
  EXPECT_EQ(calls[0].headers.at("Content-Type"), "application/json");
  EXPECT_EQ(calls[0].headers.at("X-Sigap-Event"), "disposed");
  EXPECT_EQ(calls[0].headers.at("X-Sigap-Delivery"), "42-1780000000000000");
  EXPECT_EQ(calls[0].headers.at("X-Sigap-Signature"), WebhookSignature("s3cret", calls[0].body));
  EXPECT_EQ(calls[0].headers.at("Host"), "127.0.0.1:" + std::to_string(receiver.port()));
}

TEST(WebhookClient, StatusDecidesBetweenRetryAndGivingUp) {
  WebhookReceiver receiver;
  receiver.Respond({503, 500, 408, 429, 302, 404, 410, 400, 204});
  WebhookClient client(OwnNetwork());

  std::vector<Outcome> outcomes;
  outcomes.reserve(9);
  for (int i = 0; i < 9; ++i) outcomes.push_back(client.Post(Call(receiver)).outcome);

  EXPECT_EQ(outcomes,
            (std::vector<Outcome>{Outcome::kTransient, Outcome::kTransient, Outcome::kTransient,
                                  Outcome::kTransient, Outcome::kTransient, Outcome::kPermanent,
                                  Outcome::kPermanent, Outcome::kPermanent, Outcome::kDelivered}));
}

TEST(WebhookClient, UnreachableSubscriberIsTransient) {
  uint16_t port = 0;
  {
    WebhookReceiver gone;
    port = gone.port();
  }
  WebhookCall call;
  call.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  call.body = "{}";

  auto delivery = WebhookClient(OwnNetwork()).Post(call);

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_TRUE(delivery.server_unusable);
}

// By default a webhook does not call the machines behind Sigap: a name or
// address that is not public is given up, with the setting that allows it
// named, and nothing is sent.
TEST(WebhookClient, AnAddressOfTheOwnNetworkIsNotCalledUnlessAllowed) {
  WebhookReceiver receiver;
  WebhookCall by_name = Call(receiver);
  by_name.url = "http://localhost:" + std::to_string(receiver.port()) + "/hooks";

  const auto by_address = WebhookClient({}).Post(Call(receiver));
  const auto named = WebhookClient({}).Post(by_name);

  EXPECT_EQ(by_address.outcome, Outcome::kPermanent);
  EXPECT_NE(by_address.detail.find("webhook_private_targets"), std::string::npos)
      << by_address.detail;
  EXPECT_EQ(named.outcome, Outcome::kPermanent) << named.detail;
  EXPECT_TRUE(receiver.Calls().empty());
}

TEST(IsPublicAddress, KnowsTheAddressesOfOwnNetworks) {
  for (const char* own : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                          "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
                          "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
                          "::ffff:127.0.0.1", "::ffff:10.0.0.1", "localhost", "sigap.example.id"}) {
    EXPECT_FALSE(IsPublicAddress(own)) << own;
  }
  for (const char* public_address : {"8.8.8.8", "103.10.20.30", "172.32.0.1", "100.128.0.1",
                                     "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(IsPublicAddress(public_address)) << public_address;
  }
  // Before a name is resolved, only what names the own network by itself.
  for (const char* own : {"localhost", "api.localhost", "10.0.0.1", "::1"}) {
    EXPECT_TRUE(NamesOwnNetwork(own)) << own;
  }
  for (const char* other : {"sigap.example.id", "localhost.example.id", "8.8.8.8"}) {
    EXPECT_FALSE(NamesOwnNetwork(other)) << other;
  }
}

TEST(WebhookClient, InvalidUrlIsPermanent) {
  WebhookCall call;
  call.url = "gopher://example.id/";

  EXPECT_EQ(WebhookClient({}).Post(call).outcome, Outcome::kPermanent);
}

}  // namespace
}  // namespace sigap::notify
