// The SMTP client against a real SMTP server on loopback (tests/support).
#include "notify/smtp_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "notify/mime_decode.h"
#include "store/store_fixture.h"
#include "support/smtp_sink.h"

namespace sigap::notify {
namespace {

using test_support::SmtpSink;
using test_support::SmtpSinkOptions;

EmailMessage Message(std::vector<std::string> to = {"sri@example.id"}) {
  EmailMessage m;
  m.from = "Sigap Kota Semarang <sigap@semarangkota.go.id>";
  m.to = std::move(to);
  m.subject = "Laporan 7K3M9QX2PA — perkembangan";
  m.body = "Yth. Pelapor,\n.\n.titik di awal baris\nJalan rusak di Kelurahan Ngaliyan ✓\n";
  m.date = *ParseRfc3339("2026-03-17T08:00:00Z");
  return m;
}

SmtpSettings Plain(const SmtpSink& sink) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = sink.port();
  s.security = SmtpSecurity::kNone;
  s.timeout = std::chrono::seconds(5);
  return s;
}

class SmtpClientTls : public testing::Test {
 protected:
  void SetUp() override {
    ca_file_ = (dir_.path() / "ca.pem").string();
    std::ofstream(ca_file_) << certificate_.certificate_pem;
  }

  SmtpSettings Tls(const SmtpSink& sink, SmtpSecurity security) {
    SmtpSettings s = Plain(sink);
    s.security = security;
    s.ca_file = ca_file_;
    return s;
  }

  store::TempDir dir_;
  test_support::TestCertificate certificate_ = test_support::MakeTestCertificate();
  std::string ca_file_;
};

TEST(SmtpClient, Utf8MessageArrivesIntactWithItsHeaders) {
  SmtpSink sink({.username = "sigap", .password = "rahasia"});
  auto settings = Plain(sink);
  settings.username = "sigap";
  settings.password = "rahasia";

  auto delivery = SmtpClient(settings).Send(Message());

  ASSERT_EQ(delivery.outcome, Outcome::kDelivered) << delivery.detail;
  auto mails = sink.Messages();
  ASSERT_EQ(mails.size(), 1u);
  const auto& mail = mails[0];
  EXPECT_EQ(mail.mail_from, "sigap@semarangkota.go.id");
  EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"sri@example.id"});
  EXPECT_EQ(mail.auth_user, "sigap");
  EXPECT_EQ(test::DecodeEncodedWords(mail.Header("Subject")), "Laporan 7K3M9QX2PA — perkembangan");
  EXPECT_EQ(mail.Header("To"), "sri@example.id");
  EXPECT_EQ(mail.Header("Date"), "Tue, 17 Mar 2026 08:00:00 +0000");
  EXPECT_EQ(mail.Header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(mail.Header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(mail.Header("MIME-Version"), "1.0");
  EXPECT_FALSE(mail.Header("Message-ID").empty());
  EXPECT_EQ(
      test::DecodeQuotedPrintable(mail.Body()),
      "Yth. Pelapor,\r\n.\r\n.titik di awal baris\r\nJalan rusak di Kelurahan Ngaliyan ✓\r\n");
}

TEST(SmtpClient, WrongPasswordIsTransientAndSendsNothing) {
  SmtpSink sink({.username = "sigap", .password = "rahasia"});
  auto settings = Plain(sink);
  settings.username = "sigap";
  settings.password = "salah";

  auto delivery = SmtpClient(settings).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_TRUE(delivery.server_unusable);
  EXPECT_EQ(delivery.detail, "smtp AUTH: 535 5.7.8");
  EXPECT_TRUE(sink.Messages().empty());
}

TEST(SmtpClient, TemporaryRefusalOfTheMessageIsTransient) {
  SmtpSink sink;
  sink.FailNext(1, 451);

  auto delivery = SmtpClient(Plain(sink)).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_FALSE(delivery.server_unusable);
  EXPECT_EQ(delivery.detail, "smtp DATA: 451 4.3.0");
}

TEST(SmtpClient, PermanentRefusalOfTheMessageIsPermanent) {
  SmtpSink sink;
  sink.FailNext(1, 554);

  auto delivery = SmtpClient(Plain(sink)).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kPermanent);
  EXPECT_EQ(delivery.detail, "smtp DATA: 554 5.3.0");
}

TEST(SmtpClient, RefusedRecipientIsSkippedWithoutNamingIt) {
  SmtpSink sink;

  auto some = SmtpClient(Plain(sink)).Send(Message({"reject.me@example.id", "sri@example.id"}));
  auto all = SmtpClient(Plain(sink)).Send(Message({"reject.me@example.id"}));

  EXPECT_EQ(some.outcome, Outcome::kDelivered);
  EXPECT_EQ(some.detail, "1 recipient(s) refused");
  ASSERT_EQ(sink.Messages().size(), 1u);
  EXPECT_EQ(sink.Messages()[0].rcpt_to, std::vector<std::string>{"sri@example.id"});
  EXPECT_EQ(sink.Messages()[0].Header("To"), "undisclosed-recipients:;");
  EXPECT_EQ(all.outcome, Outcome::kPermanent);
  EXPECT_EQ(all.detail, "smtp RCPT: 550 5.1.1");
}

TEST(SmtpClient, ServerThatIsDownIsTransient) {
  SmtpSink sink;
  sink.SetDown(true);

  auto delivery = SmtpClient(Plain(sink)).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_TRUE(delivery.server_unusable);
  EXPECT_EQ(delivery.detail.rfind("smtp connect: ", 0), 0u) << delivery.detail;
}

TEST(SmtpClient, SilentServerTimesOut) {
  // Listens (the kernel completes connections) but never answers.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  SmtpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = ntohs(address.sin_port);
  settings.security = SmtpSecurity::kNone;
  settings.timeout = std::chrono::milliseconds(300);

  const auto started = std::chrono::steady_clock::now();
  auto delivery = SmtpClient(settings).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_EQ(delivery.detail.rfind("smtp greeting: ", 0), 0u) << delivery.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  close(fd);
}

TEST(SmtpClient, InvalidRecipientsAreNeverSentToTheServer) {
  SmtpSink sink;

  auto delivery = SmtpClient(Plain(sink)).Send(Message({"x@y.id>\r\nRCPT TO:<evil@y.id"}));

  EXPECT_EQ(delivery.outcome, Outcome::kPermanent);
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTls, StartTlsEncryptsBeforeAuthentication) {
  SmtpSink sink({.certificate = &certificate_, .username = "sigap", .password = "rahasia"});
  auto settings = Tls(sink, SmtpSecurity::kStartTls);
  settings.username = "sigap";
  settings.password = "rahasia";

  auto delivery = SmtpClient(settings).Send(Message());

  ASSERT_EQ(delivery.outcome, Outcome::kDelivered) << delivery.detail;
  ASSERT_EQ(sink.Messages().size(), 1u);
  EXPECT_TRUE(sink.Messages()[0].tls);
  EXPECT_EQ(sink.Messages()[0].auth_user, "sigap");
}

TEST_F(SmtpClientTls, ImplicitTlsWorks) {
  SmtpSink sink({.certificate = &certificate_, .implicit_tls = true});

  auto delivery = SmtpClient(Tls(sink, SmtpSecurity::kTls)).Send(Message());

  ASSERT_EQ(delivery.outcome, Outcome::kDelivered) << delivery.detail;
  EXPECT_TRUE(sink.Messages()[0].tls);
}

TEST_F(SmtpClientTls, StartTlsRequiredButNotOfferedSendsNothing) {
  SmtpSink sink({.certificate = &certificate_, .offer_starttls = false});

  auto delivery = SmtpClient(Tls(sink, SmtpSecurity::kStartTls)).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_EQ(delivery.detail, "smtp: the server does not offer STARTTLS");
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTls, UntrustedCertificateIsRefused) {
  SmtpSink sink({.certificate = &certificate_});
  auto settings = Tls(sink, SmtpSecurity::kStartTls);
  settings.ca_file.clear();  // only the system's CAs, which never signed the test certificate

  auto delivery = SmtpClient(settings).Send(Message());

  EXPECT_EQ(delivery.outcome, Outcome::kTransient);
  EXPECT_EQ(delivery.detail.rfind("smtp tls: ", 0), 0u) << delivery.detail;
  EXPECT_TRUE(sink.Messages().empty());
}

}  // namespace
}  // namespace sigap::notify
