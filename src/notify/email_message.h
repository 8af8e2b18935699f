#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace sigap::notify {

// An e-mail to send: plain text in UTF-8. Plain data.
struct EmailMessage {
  std::string from;             // "Sigap <sigap@kota.go.id>" or a bare address
  std::vector<std::string> to;  // envelope recipients, bare addresses
  std::string subject;          // UTF-8, one line
  std::string body;             // UTF-8 text; "\n" or "\r\n" line ends
  Timestamp date{};
  std::string message_id;  // "<id@domain>"; made up from random bytes when empty
};

// The address of a mailbox: "Sigap <a@b.id>" gives "a@b.id", a bare
// address gives itself (trimmed).
std::string AddressOf(std::string_view mailbox);

// True for an address this sender puts in an SMTP envelope: printable
// ASCII without spaces, quotes, brackets or commas, one '@' with text on
// both sides, at most 254 characters. Rules out header and command
// injection (CR, LF, '>').
bool ValidAddress(std::string_view address);

// The message as RFC 5322 text with CRLF line ends: From, To (the single
// recipient, or "undisclosed-recipients:;" so that recipients never see
// each other), Subject (RFC 2047 when not plain ASCII), Date, Message-ID,
// MIME-Version, Content-Type text/plain; charset=UTF-8 and a
// quoted-printable body (so no line is too long whatever the text). Not yet
// dot-stuffed for SMTP DATA.
std::string FormatMessage(const EmailMessage& message);

// A header value: returned as is when printable ASCII, else as RFC 2047
// "=?UTF-8?B?...?=" words of at most 75 characters, split between UTF-8
// characters and folded onto continuation lines. CR and LF never survive.
std::string EncodeHeaderText(std::string_view text);

// Quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76
// characters; input lines may end in "\n" or "\r\n".
std::string EncodeQuotedPrintable(std::string_view text);

// Prepares message text for SMTP DATA: a line starting with '.' gets a
// second one (RFC 5321 4.5.2), and the text ends with CRLF.
std::string DotStuff(std::string_view text);

// "Tue, 17 Mar 2026 08:00:00 +0000" (RFC 5322 date-time, in UTC).
std::string FormatEmailDate(Timestamp t);

// Base64 (RFC 4648, with padding) of `bytes`.
std::string Base64(std::string_view bytes);

}  // namespace sigap::notify
