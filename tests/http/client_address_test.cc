// Which client a request is from, behind a reverse proxy or not.
#include "http/client_address.h"

#include <gtest/gtest.h>

namespace sigap::http {
namespace {

const std::vector<std::string> kNginx{"127.0.0.1", "::1"};

TEST(ClientAddress, WithoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays) {
  EXPECT_EQ(ClientAddress("192.0.2.10", "203.0.113.5", {}), "192.0.2.10");
  EXPECT_EQ(ClientAddress("127.0.0.1", "", kNginx), "127.0.0.1");
}

TEST(ClientAddress, AnUntrustedPeerCannotNameAnotherClient) {
  EXPECT_EQ(ClientAddress("192.0.2.10", "203.0.113.5", kNginx), "192.0.2.10");
}

TEST(ClientAddress, BehindTheProxyTheClientIsTheLastAddressItWasNotToldBy) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.5", kNginx), "203.0.113.5");
  // What the client itself wrote on the left proves nothing.
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.0.0.1, 203.0.113.5", kNginx), "203.0.113.5");
  // A chain of trusted proxies is walked back.
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.5, ::1", kNginx), "203.0.113.5");
  EXPECT_EQ(ClientAddress("::ffff:127.0.0.1", " 2001:db8::7 ", kNginx), "2001:db8::7");
}

TEST(ClientAddress, AHeaderThatIsNotAnAddressListStopsAtTheLastAddressVouchedFor) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "unknown", kNginx), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.5, bogus", kNginx), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "bogus, 203.0.113.5", kNginx), "203.0.113.5");
}

TEST(ClientAddress, OnlyAddressLiteralsAreAddresses) {
  EXPECT_TRUE(IsIpAddress("127.0.0.1"));
  EXPECT_TRUE(IsIpAddress("::1"));
  EXPECT_FALSE(IsIpAddress("localhost"));
  EXPECT_FALSE(IsIpAddress("10.0.0.0/8"));
  EXPECT_FALSE(IsIpAddress(""));
}

}  // namespace
}  // namespace sigap::http
