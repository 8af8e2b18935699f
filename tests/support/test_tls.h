#pragma once

#include <string>

namespace sigap::test_support {

// A self-signed certificate (ECDSA P-256, valid for a day) for
// `ip_address`, in PEM. A client that trusts `certificate_pem` as its CA
// accepts a server presenting it at that address.
struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

// Makes a fresh one; aborts the test program on an OpenSSL failure.
TestCertificate MakeTestCertificate(const std::string& ip_address = "127.0.0.1");

}  // namespace sigap::test_support
